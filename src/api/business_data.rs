//! "Mes données professionnelles": what the authentic sources hold about the eSpace's own
//! company and about each principal that gave it a mandate covering data, for every member.
//! Whose data it is is worked out again on every request, so a mandate that ends or loses its
//! data scope stops access at once.

use crate::domain::{
    business_data::CompanyData,
    error::{Answer, Fault},
};
use leptos::prelude::*;

#[server(endpoint = "load_business_data")]
pub async fn load_business_data(espace_id: String) -> Result<Answer<Vec<CompanyData>>, Fault> {
    use super::guard::*;
    use crate::domain::{
        business_data::{FromSource, Record, Source, consulted},
        role::Permission,
    };
    answer(async {
        let member = member_of(&espace_id, Permission::ViewEspace).await?;
        let services = services()?;
        let store = member.store();
        let view = super::certifications::certifications_of(&member, services.clock.now()).await?;
        let mut all = Vec::new();
        for mut company in consulted(&view) {
            let held = store
                .authentic_sources
                .of_company(&company.national_id)
                .await?;
            let sources = Source::ALL
                .into_iter()
                .map(|source| FromSource {
                    source,
                    held: held.iter().find(|h| h.record.source() == source).cloned(),
                })
                .collect::<Vec<_>>();
            // a principal without an eSpace of its own is named by the register
            if company.name.is_none() {
                company.name = held.iter().find_map(|h| match &h.record {
                    Record::Register(extract) => Some(extract.denomination.clone()),
                    _ => None,
                });
            }
            all.push(CompanyData { company, sources });
        }
        Ok(all)
    })
    .await
}
