//! Mandates received: a representative may hold mandates from many principals (multi-mandate, help
//! "Managing mandates"), so they are grouped by principal and filtered by principal and domain. The
//! filters live in the address (`?principal=&domain=`), so a filtered list can be bookmarked and
//! works before the page is hydrated.

use super::{ListSection, Status, Until};
use crate::domain::id::CompanyId;
use crate::{
    domain::{
        access_code::Domain,
        mandate::{MandateScope, Registration},
    },
    i18n::*,
    text,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The filters as typed in the address.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Filters {
    principal: String,
    domain: Option<Domain>,
}

impl Filters {
    /// Does a mandate match: its principal's name or number contains what was typed (case
    /// ignored), and it is of the chosen domain.
    fn keep(&self, mandate: &Registration) -> bool {
        let wanted = self.principal.trim().to_lowercase();
        let named = |s: &str| s.to_lowercase().contains(&wanted);
        (wanted.is_empty()
            || named(mandate.company.as_str())
            || mandate.counterpart.as_deref().is_some_and(named))
            && self.domain.is_none_or(|d| d == mandate.domain)
    }
}

/// The mandates of one principal.
struct Group {
    company: CompanyId,
    principal: Option<String>,
    mandates: Vec<Registration>,
}

/// Groups by principal (by name, then number), keeping each principal's order (newest first).
fn grouped(mandates: Vec<Registration>) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for mandate in mandates {
        match groups.iter_mut().find(|g| g.company == mandate.company) {
            Some(group) => group.mandates.push(mandate),
            None => groups.push(Group {
                company: mandate.company.clone(),
                principal: mandate.counterpart.clone(),
                mandates: vec![mandate],
            }),
        }
    }
    groups.sort_by(|a, b| (&a.principal, &a.company).cmp(&(&b.principal, &b.company)));
    groups
}

#[component]
pub fn ReceivedMandates(rows: Vec<Registration>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filters = Memo::new(move |_| {
        let q = query.read();
        Filters {
            principal: q.get("principal").unwrap_or_default(),
            domain: q.get("domain").as_deref().and_then(Domain::from_code),
        }
    });
    let any = !rows.is_empty();
    let shown = move || {
        let filters = filters.get();
        let kept: Vec<_> = rows.iter().filter(|m| filters.keep(m)).cloned().collect();
        if kept.is_empty() {
            view! { <p class="empty">{t!(i18n, certifications.no_match)}</p> }.into_any()
        } else {
            view! { <GroupedTable groups=grouped(kept)/> }.into_any()
        }
    };
    view! {
        <ListSection id="heading-received" is_empty=!any
            heading=move || t_string!(i18n, certifications.received).to_string()
            empty=move || t_string!(i18n, certifications.no_received).to_string()>
            <FilterForm filters/>
            {shown}
        </ListSection>
    }
}

/// A GET form: submitting changes the address, which filters the list.
#[component]
fn FilterForm(filters: Memo<Filters>) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = move |domain: Domain| filters.get().domain == Some(domain);
    view! {
        <form method="get" class="filters two">
            <div class="field">
                <label for="filter-principal">{t!(i18n, certifications.filter_principal)}</label>
                <input type="search" id="filter-principal" name="principal"
                    value=filters.get_untracked().principal/>
            </div>
            <div class="field">
                <label for="filter-domain">{t!(i18n, certifications.domain)}</label>
                <select id="filter-domain" name="domain">
                    <option value="" selected=move || filters.get().domain.is_none()>{t!(i18n, certifications.all_domains)}</option>
                    {Domain::ALL.into_iter().map(|domain| view! {
                        <option value=domain.code() selected=move || chosen(domain)>
                            {move || text::domain(i18n.get_locale(), domain)}
                        </option>
                    }).collect_view()}
                </select>
            </div>
            <div class="actions">
                <button type="submit" class="secondary">{t!(i18n, certifications.filter)}</button>
            </div>
            <div class="actions">
                {move || (filters.get() != Filters::default()).then(|| view! {
                    <a href="?">{t!(i18n, certifications.clear_filter)}</a>
                })}
            </div>
        </form>
    }
}

#[component]
fn GroupedTable(groups: Vec<Group>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = move || i18n.get_locale();
    view! {
        <div class="table-scroll" tabindex="0"><table class="grouped">
            <thead><tr>
                <th scope="col">{t!(i18n, certifications.domain)}</th>
                <th scope="col">{t!(i18n, certifications.scope)}</th>
                <th scope="col">{t!(i18n, certifications.since)}</th>
                <th scope="col">{t!(i18n, certifications.until)}</th>
                <th scope="col">{t!(i18n, certifications.status)}</th>
            </tr></thead>
            {groups.into_iter().map(|group| {
                let heading_id = format!("principal-{}", group.company);
                let labelled_by = heading_id.clone();
                let company = group.company.clone();
                let principal = move || match &group.principal {
                    Some(name) => format!("{name} ({company})"),
                    None => t_string!(i18n, certifications.unknown_principal, company = company.to_string()).to_string(),
                };
                view! {
                    <tbody aria-labelledby=labelled_by>
                        <tr><th scope="rowgroup" colspan="5" id=heading_id>{principal}</th></tr>
                        {group.mandates.into_iter().map(|m| {
                            let (domain, scope): (Domain, MandateScope) = (m.domain, m.scope);
                            view! {
                                <tr>
                                    <td>{move || text::domain(locale(), domain)}</td>
                                    <td>{move || text::mandate_scope(locale(), scope)}</td>
                                    <td class="nowrap">{move || text::date(locale(), m.since)}</td>
                                    <td class="nowrap"><Until ends=m.ends/></td>
                                    <td><Status status=m.status/></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                }
            }).collect_view()}
        </table></div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::mandate::RegistrationStatus;
    use crate::domain::timestamp::Timestamp;

    fn mandate(company: &str, principal: Option<&str>, domain: Domain) -> Registration {
        Registration {
            id: format!("{company}-{}", domain.code()),
            domain,
            company: company.into(),
            counterpart: principal.map(Into::into),
            scope: MandateScope::default(),
            since: Timestamp::from_unix(0),
            ends: Default::default(),
            status: RegistrationStatus::Active,
        }
    }

    #[test]
    fn mandates_are_filtered_by_principal_and_domain_and_grouped_by_principal() {
        let all = vec![
            mandate("20202201246", Some("Zeta SA"), Domain::Tax),
            mandate("20212201244", Some("Alpha Sàrl"), Domain::Tax),
            mandate("20202201246", Some("Zeta SA"), Domain::SocialSecurity),
            mandate("20222201242", None, Domain::Tax),
        ];
        let groups = grouped(all.clone());
        let order: Vec<_> = groups.iter().map(|g| g.company.as_str()).collect();
        // an uncertified principal (no name) first, then by name
        assert_eq!(order, ["20222201242", "20212201244", "20202201246"]);
        assert_eq!(groups[2].mandates.len(), 2);

        let by = |principal: &str, domain| Filters {
            principal: principal.into(),
            domain,
        };
        let kept = |f: Filters| all.iter().filter(|m| f.keep(m)).count();
        assert_eq!(kept(Filters::default()), 4);
        assert_eq!(kept(by("zeta", None)), 2);
        assert_eq!(kept(by(" 2021 ", None)), 1);
        assert_eq!(kept(by("", Some(Domain::Tax))), 3);
        assert_eq!(kept(by("Zeta", Some(Domain::Tax))), 1);
        assert_eq!(kept(by("nobody", None)), 0);
    }
}
