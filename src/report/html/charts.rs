//! Inline SVG line charts for the trends section: the geometry (scales,
//! ticks, polylines, marker shapes) is computed here, the markup lives in
//! the `_trends.html.j2` template. Every series has its own line dash and
//! marker shape besides its colour, so the chart reads in black and white.

use serde::Serialize;

const WIDTH: f64 = 680.0;
const HEIGHT: f64 = 240.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 32.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 36.0;

/// Marker shapes, in series order.
const SHAPES: [Shape; 6] = [
    Shape::Circle,
    Shape::Square,
    Shape::Triangle,
    Shape::Diamond,
    Shape::Cross,
    Shape::Bar,
];
/// Line dashes, in series order (empty = solid).
const DASHES: [&str; 6] = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4"];

#[derive(Debug, Clone, Copy)]
enum Shape {
    Circle,
    Square,
    Triangle,
    Diamond,
    Cross,
    Bar,
}

impl Shape {
    /// An SVG path of the marker centred on (x, y).
    fn path(self, x: f64, y: f64) -> String {
        let r = 4.0;
        match self {
            Shape::Circle => format!(
                "M{:.1},{:.1}a{r},{r} 0 1,0 {d},0a{r},{r} 0 1,0 -{d},0Z",
                x - r,
                y,
                d = 2.0 * r
            ),
            Shape::Square => format!("M{:.1},{:.1}h8v8h-8Z", x - r, y - r),
            Shape::Triangle => format!("M{:.1},{:.1}l4.6,8h-9.2Z", x, y - 4.6),
            Shape::Diamond => format!("M{:.1},{:.1}l5,5l-5,5l-5,-5Z", x, y - 5.0),
            Shape::Cross => format!(
                "M{:.1},{:.1}l8,8M{:.1},{:.1}l-8,8",
                x - r,
                y - r,
                x + r,
                y - r
            ),
            Shape::Bar => format!("M{:.1},{:.1}h10v3h-10Z", x - 5.0, y - 1.5),
        }
    }
}

/// One series of a chart: its values in x order, `None` for a gap.
pub struct SeriesInput {
    pub name: String,
    /// CSS class carrying the colour (`sev-critique`, `c1`…).
    pub class: String,
    pub values: Vec<Option<f64>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tick {
    pub pos: f64,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Marker {
    pub d: String,
    /// Tooltip and accessible text: `15/11/2026 : 12`.
    pub title: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Series {
    pub name: String,
    pub class: String,
    pub dash: &'static str,
    /// One polyline `points` attribute per unbroken run of values.
    pub segments: Vec<String>,
    pub markers: Vec<Marker>,
    /// The marker drawn in a 16×16 legend box.
    pub legend_marker: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LineChart {
    pub id: String,
    pub title: String,
    /// A sentence describing what the chart shows, for screen readers.
    pub desc: String,
    pub width: f64,
    pub height: f64,
    pub plot_left: f64,
    pub plot_right: f64,
    pub plot_top: f64,
    pub plot_bottom: f64,
    pub x_ticks: Vec<Tick>,
    pub y_ticks: Vec<Tick>,
    pub series: Vec<Series>,
}

/// The vertical scale of a chart.
#[derive(Debug, Clone, Copy)]
pub enum Scale {
    /// From 0 to a round number above the largest value.
    Count,
    /// 0–100 (scores, percentages).
    Hundred,
}

/// The smallest of 1, 2, 5 × 10^k that is at least `max` (and at least 5).
fn nice_ceiling(max: f64) -> f64 {
    let max = max.max(5.0);
    let mut step = 1.0;
    loop {
        for m in [1.0, 2.0, 5.0] {
            if m * step >= max {
                return m * step;
            }
        }
        step *= 10.0;
    }
}

fn y_label(v: f64, scale: Scale) -> String {
    match scale {
        Scale::Count => super::fmt::int(v.round() as usize),
        Scale::Hundred => format!("{v:.0}"),
    }
}

/// Builds a line chart over `x_labels` (one per scan, oldest first).
pub fn line_chart(
    id: &str,
    title: &str,
    desc: &str,
    x_labels: &[String],
    series: Vec<SeriesInput>,
    scale: Scale,
) -> LineChart {
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .fold(0.0_f64, |m, v| m.max(*v));
    let top = match scale {
        Scale::Count => nice_ceiling(max),
        Scale::Hundred => 100.0,
    };
    let n = x_labels.len();
    let x_at = |i: usize| {
        if n <= 1 {
            LEFT + plot_w / 2.0
        } else {
            LEFT + plot_w * i as f64 / (n - 1) as f64
        }
    };
    let y_at = |v: f64| TOP + plot_h * (1.0 - (v / top).clamp(0.0, 1.0));
    let y_ticks = (0..=4)
        .map(|k| {
            let v = top * k as f64 / 4.0;
            Tick {
                pos: y_at(v),
                label: y_label(v, scale),
            }
        })
        .collect();
    // At most about eight date labels, always the first and the last.
    let every = n.div_ceil(8).max(1);
    let x_ticks = x_labels
        .iter()
        .enumerate()
        .filter(|(i, _)| i % every == 0 || *i + 1 == n)
        .map(|(i, l)| Tick {
            pos: x_at(i),
            label: l.clone(),
        })
        .collect();
    let series = series
        .into_iter()
        .enumerate()
        .map(|(k, s)| {
            let shape = SHAPES[k % SHAPES.len()];
            let mut segments = Vec::new();
            let mut current: Vec<String> = Vec::new();
            let mut markers = Vec::new();
            for (i, v) in s.values.iter().enumerate() {
                match v {
                    Some(v) => {
                        let (x, y) = (x_at(i), y_at(*v));
                        current.push(format!("{x:.1},{y:.1}"));
                        markers.push(Marker {
                            d: shape.path(x, y),
                            title: format!(
                                "{} — {} : {}",
                                s.name,
                                x_labels.get(i).map_or("", String::as_str),
                                y_label(*v, scale)
                            ),
                        });
                    }
                    None if !current.is_empty() => segments.push(current.split_off(0).join(" ")),
                    None => {}
                }
            }
            if !current.is_empty() {
                segments.push(current.join(" "));
            }
            Series {
                name: s.name,
                class: s.class,
                dash: DASHES[k % DASHES.len()],
                segments,
                markers,
                legend_marker: shape.path(8.0, 8.0),
            }
        })
        .collect();
    LineChart {
        id: id.to_string(),
        title: title.to_string(),
        desc: desc.to_string(),
        width: WIDTH,
        height: HEIGHT,
        plot_left: LEFT,
        plot_right: WIDTH - RIGHT,
        plot_top: TOP,
        plot_bottom: TOP + plot_h,
        x_ticks,
        y_ticks,
        series,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ceilings_are_round() {
        assert_eq!(nice_ceiling(0.0), 5.0);
        assert_eq!(nice_ceiling(7.0), 10.0);
        assert_eq!(nice_ceiling(101.0), 200.0);
        assert_eq!(nice_ceiling(4200.0), 5000.0);
    }

    #[test]
    fn gaps_split_the_line() {
        let labels: Vec<String> = ["a", "b", "c", "d"].iter().map(|s| s.to_string()).collect();
        let c = line_chart(
            "t",
            "t",
            "t",
            &labels,
            vec![SeriesInput {
                name: "s".into(),
                class: "c1".into(),
                values: vec![Some(1.0), None, Some(3.0), Some(4.0)],
            }],
            Scale::Count,
        );
        assert_eq!(c.series[0].segments.len(), 2);
        assert_eq!(c.series[0].markers.len(), 3);
        // The highest value sits lower than the top of the plot (scale 0–5).
        assert!(c.y_ticks[4].pos < c.y_ticks[0].pos);
    }
}
