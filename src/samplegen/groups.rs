//! The directory's groups: one per unit (`GG_SRV_…`), poles nesting units,
//! « tous soignants » nesting clinical poles, application groups nesting
//! those (three or four levels), access groups (VPN, TSE), privileged groups
//! (Domain Admins, Administrators, `GG_ADM_…`) and one nesting cycle
//! (`GG_APP_PACS` → `GG_PACS_PARTENAIRES` → `GG_IMAGERIE_TELERADIO` → back).

use super::org::{UnitKind, BASE_DN};
use super::world::{Group, World};
use super::Rng;
use chrono::{Duration, NaiveDate, NaiveDateTime};
use rand::Rng as _;

/// Indexes of the groups other stages refer to.
pub(crate) struct GroupIndex {
    /// Per unit.
    pub service: Vec<usize>,
    pub domain_admins: usize,
    pub adm_servers: usize,
    pub adm_workstations: usize,
    pub adm_dpi: usize,
    pub adm_pacs: usize,
    pub support: usize,
    pub app_dpi: usize,
    pub app_pacs: usize,
    pub app_labo: usize,
    pub app_pharma: usize,
    pub app_gam: usize,
    pub app_grh: usize,
    pub mssante: usize,
    pub vpn: usize,
    pub tse: usize,
}

pub(crate) fn ou(path: &str) -> String {
    format!("{path},OU=CHDEMO,{BASE_DN}")
}

struct Builder<'a> {
    groups: &'a mut Vec<Group>,
    rng: &'a mut Rng,
}

impl Builder<'_> {
    fn add(&mut self, cn: &str, parent: &str, description: &str) -> usize {
        let base = NaiveDate::from_ymd_opt(2008, 3, 1).unwrap_or_default();
        let created = base + Duration::days(self.rng.random_range(0..3000));
        let created: NaiveDateTime = created
            .and_hms_opt(
                self.rng.random_range(8..18),
                self.rng.random_range(0..60),
                0,
            )
            .unwrap_or_default();
        self.groups.push(Group {
            cn: cn.to_string(),
            parent: parent.to_string(),
            description: description.to_string(),
            member_groups: Vec::new(),
            well_known_rid: None,
            builtin: false,
            privileged: false,
            interactive: false,
            health_app: None,
            created,
        });
        self.groups.len() - 1
    }

    fn nest(&mut self, parent: usize, child: usize) {
        if !self.groups[parent].member_groups.contains(&child) {
            self.groups[parent].member_groups.push(child);
        }
    }
}

pub(crate) fn build(w: &mut World, rng: &mut Rng) -> GroupIndex {
    let mut groups = Vec::new();
    let mut b = Builder {
        groups: &mut groups,
        rng,
    };
    let users_cn = format!("CN=Users,{BASE_DN}");
    let builtin_cn = format!("CN=Builtin,{BASE_DN}");
    let domain_admins = b.add(
        "Domain Admins",
        &users_cn,
        "Administrateurs désignés du domaine",
    );
    let enterprise_admins = b.add(
        "Enterprise Admins",
        &users_cn,
        "Administrateurs désignés de l'entreprise",
    );
    let administrators = b.add(
        "Administrators",
        &builtin_cn,
        "Les membres du groupe Administrateurs disposent d'un accès complet",
    );
    let rdp = b.add(
        "Remote Desktop Users",
        &builtin_cn,
        "Les membres de ce groupe peuvent se connecter à distance",
    );
    let epoch = NaiveDate::from_ymd_opt(2007, 9, 12)
        .and_then(|d| d.and_hms_opt(14, 2, 11))
        .unwrap_or_default();
    for (g, rid, builtin) in [
        (domain_admins, 512, false),
        (enterprise_admins, 519, false),
        (administrators, 544, true),
        (rdp, 555, true),
    ] {
        b.groups[g].well_known_rid = Some(rid);
        b.groups[g].builtin = builtin;
        b.groups[g].created = epoch;
    }

    let services_ou = ou("OU=Services,OU=Groupes");
    let mut service = Vec::with_capacity(w.org.units.len());
    for u in &w.org.units {
        let g = b.add(
            &format!("GG_SRV_{}", u.short),
            &services_ou,
            &format!("Service {} (UF {})", u.label, u.code),
        );
        service.push(g);
    }
    // Poles, per replica.
    let poles_ou = ou("OU=Poles,OU=Groupes");
    let replicas = w.org.units.iter().map(|u| u.replica).max().unwrap_or(0) + 1;
    let clinical_all = b.add("GG_TOUS_SOIGNANTS", &poles_ou, "Tous les services de soins");
    for r in 0..replicas {
        let tag = if r == 0 {
            String::new()
        } else {
            format!("_S{}", r + 1)
        };
        let mut pole =
            |name: &str, label: &str| b.add(&format!("GG_POLE_{name}{tag}"), &poles_ou, label);
        let poles = [
            pole("MEDECINE", "Pôle médecine et urgences"),
            pole("CHIRURGIE", "Pôle chirurgie et bloc"),
            pole("FEMME_ENFANT", "Pôle femme-enfant"),
            pole("MEDICOTECHNIQUE", "Pôle médico-technique"),
            pole("GERIATRIE", "Pôle gériatrie"),
            pole("ADMINISTRATIF", "Pôle administratif et logistique"),
        ];
        for i in (0..w.org.units.len()).filter(|&i| w.org.units[i].replica == r) {
            let base = w.org.base_code(i);
            let p = match base / 1000 {
                1 => 0,
                2 => 1,
                3 => 2,
                4 => 3,
                5 => 4,
                _ => 5,
            };
            b.nest(poles[p], service[i]);
        }
        for &p in &poles[..5] {
            b.nest(clinical_all, p);
        }
    }

    let apps_ou = ou("OU=Applications,OU=Groupes");
    let app_dpi = b.add(
        "GG_APP_DPI",
        &apps_ou,
        "Accès au dossier patient informatisé",
    );
    let app_pacs = b.add("GG_APP_PACS", &apps_ou, "Accès au PACS (imagerie)");
    let app_labo = b.add(
        "GG_APP_LABO",
        &apps_ou,
        "Accès au SIL (résultats de biologie)",
    );
    let app_pharma = b.add("GG_APP_PHARMA", &apps_ou, "Accès au logiciel de pharmacie");
    let app_bloc = b.add(
        "GG_APP_BLOC",
        &apps_ou,
        "Accès au logiciel de bloc opératoire",
    );
    let app_gam = b.add(
        "GG_APP_GAM",
        &apps_ou,
        "Accès à la gestion administrative des malades",
    );
    let app_grh = b.add("GG_APP_GRH", &apps_ou, "Accès à la gestion RH et paie");
    let mssante = b.add("GG_MSSANTE", &apps_ou, "Boîtes MSSanté nominatives");
    let partners = b.add(
        "GG_PACS_PARTENAIRES",
        &apps_ou,
        "Partenaires imagerie (téléradiologie)",
    );
    let telerad = b.add("GG_IMAGERIE_TELERADIO", &apps_ou, "Téléradiologie de garde");
    for (g, app) in [
        (app_dpi, "dpi"),
        (app_pacs, "pacs"),
        (app_labo, "labo"),
        (app_pharma, "pharma"),
        (app_bloc, "bloc"),
    ] {
        b.groups[g].health_app = Some(app);
    }
    b.nest(app_dpi, clinical_all);
    for (i, u) in w.org.units.iter().enumerate() {
        let code = w.org.base_code(i);
        match u.kind {
            UnitKind::Admissions => {
                b.nest(app_dpi, service[i]);
                b.nest(app_gam, service[i]);
            }
            UnitKind::MedicalInfo => b.nest(app_dpi, service[i]),
            UnitKind::Imaging | UnitKind::Emergency | UnitKind::Icu => b.nest(app_pacs, service[i]),
            UnitKind::Lab => b.nest(app_labo, service[i]),
            UnitKind::Pharmacy => b.nest(app_pharma, service[i]),
            UnitKind::Theatre => b.nest(app_bloc, service[i]),
            _ => {}
        }
        match code {
            6030 => b.nest(app_gam, service[i]),
            6020 | 6080 => b.nest(app_grh, service[i]),
            _ => {}
        }
    }
    b.nest(app_pacs, partners);
    b.nest(partners, telerad);
    b.nest(telerad, app_pacs);

    let access_ou = ou("OU=Acces,OU=Groupes");
    let vpn = b.add("GG_VPN_Utilisateurs", &access_ou, "Accès distant VPN");
    let tse = b.add(
        "GG_TSE_Utilisateurs",
        &access_ou,
        "Connexion aux serveurs TSE",
    );
    b.nest(rdp, tse);

    let priv_ou = ou("OU=Privilegies,OU=Groupes");
    let adm_servers = b.add("GG_ADM_SERVEURS", &priv_ou, "Administrateurs des serveurs");
    let adm_workstations = b.add(
        "GG_ADM_POSTES",
        &priv_ou,
        "Administrateurs des postes de travail",
    );
    let adm_dpi = b.add("GG_ADM_DPI", &priv_ou, "Administrateurs DPI");
    let adm_pacs = b.add("GG_ADM_PACS", &priv_ou, "Admins PACS");
    let support = b.add("GG_SUPPORT_N1", &priv_ou, "Support de proximité niveau 1");
    b.nest(administrators, domain_admins);
    b.nest(administrators, enterprise_admins);
    b.nest(administrators, adm_servers);
    // The helpdesk was given workstation administration « temporarily ».
    b.nest(adm_workstations, support);
    for g in [
        domain_admins,
        enterprise_admins,
        administrators,
        adm_servers,
        adm_workstations,
        adm_dpi,
        adm_pacs,
    ] {
        b.groups[g].privileged = true;
    }
    for g in [vpn, tse, rdp] {
        b.groups[g].interactive = true;
    }
    w.groups = groups;
    GroupIndex {
        service,
        domain_admins,
        adm_servers,
        adm_workstations,
        adm_dpi,
        adm_pacs,
        support,
        app_dpi,
        app_pacs,
        app_labo,
        app_pharma,
        app_gam,
        app_grh,
        mssante,
        vpn,
        tse,
    }
}
