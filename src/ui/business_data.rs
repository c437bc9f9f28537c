//! "Mes données professionnelles" (help "Ajouter un utilisateur"'s tile: "Retrouvez ici les sources
//! authentiques provenant des administrations"): what each authentic source holds about the
//! eSpace's own company, then about each principal whose mandate covers data, read-only, each block
//! saying its source and when it was last updated.

use super::{
    answer::{Loading, answer_view},
    espace::{EspacePage, espace_id, use_current_espace},
    title::PageTitle,
};
use crate::{
    api::business_data::load_business_data,
    domain::{
        business_data::{CompanyData, FromSource, Held, Record, Source},
        error::{Answer, Fault},
    },
    i18n::*,
    text,
};
use leptos::prelude::*;

#[component]
pub fn BusinessDataPage() -> impl IntoView {
    let id = espace_id();
    let data = Resource::new(move || id.get(), load_business_data);
    view! { <EspacePage page=move || view! { <BusinessData data/> }/> }
}

#[component]
fn BusinessData(data: Resource<Result<Answer<Vec<CompanyData>>, Fault>>) -> impl IntoView {
    let i18n = use_i18n();
    let espace = use_current_espace().profile.id;
    let title = Signal::derive(move || t_string!(i18n, business_data.title).to_string());
    view! {
        <PageTitle text=title/>
        <h1>{t!(i18n, business_data.title)}</h1>
        <p class="intro">{t!(i18n, business_data.intro)}</p>
        // help "Managing mandates": codes are entered under business data too
        <p><a href=crate::paths::certifications(&espace)>{t!(i18n, business_data.codes_link)}</a></p>
        <Suspense fallback=Loading>
            {move || data.get().map(|answer| answer_view(answer, |companies: Vec<CompanyData>| {
                if companies.is_empty() {
                    view! { <p class="empty">{t!(i18n, business_data.none)}</p> }.into_any()
                } else {
                    companies.into_iter().map(|company| view! { <Company company/> }).collect_view().into_any()
                }
            }))}
        </Suspense>
    }
}

#[component]
fn Company(company: CompanyData) -> impl IntoView {
    let i18n = use_i18n();
    let CompanyData { company, sources } = company;
    let heading_id = format!("company-{}", company.national_id);
    let heading = move || match &company.name {
        _ if company.own => {
            t_string!(i18n, business_data.own, id = company.national_id.clone()).to_string()
        }
        Some(name) => t_string!(i18n, business_data.principal, name = name.clone()).to_string(),
        None => t_string!(
            i18n,
            business_data.principal,
            name = company.national_id.clone()
        )
        .to_string(),
    };
    view! {
        <section class="sheet company-data" aria-labelledby=heading_id.clone()>
            <h2 id=heading_id.clone()>{heading}</h2>
            {sources.into_iter().map(|FromSource { source, held }| view! { <SourceBlock source held/> }).collect_view()}
        </section>
    }
}

/// One source's data about the company, or that it has none.
#[component]
fn SourceBlock(source: Source, held: Option<Held>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = move || i18n.get_locale();
    let name = move || text::source(locale(), source);
    view! {
        <h3>{name}</h3>
        {match held {
            None => view! { <p class="empty">{t!(i18n, business_data.no_data)}</p> }.into_any(),
            Some(Held { record, updated_at }) => view! {
                <p class="hint">{move || t_string!(i18n, business_data.updated, source = name(), date = text::date(locale(), updated_at)).to_string()}</p>
                <dl class="grid">{move || fields(i18n, record.clone())}</dl>
            }.into_any(),
        }}
    }
}

/// A record's fields as label and value, in the reader's language.
fn fields(i18n: leptos_i18n::I18nContext<Locale>, record: Record) -> impl IntoView {
    let day = |iso: &str| text::day(i18n.get_locale(), iso);
    let pairs: Vec<(String, String)> = match record {
        Record::Register(r) => vec![
            (
                t_string!(i18n, business_data.denomination).to_string(),
                r.denomination,
            ),
            (
                t_string!(i18n, business_data.legal_form).to_string(),
                r.legal_form,
            ),
            (
                t_string!(i18n, business_data.registered_address).to_string(),
                r.registered_address,
            ),
            (
                t_string!(i18n, business_data.capital).to_string(),
                r.capital,
            ),
            (
                t_string!(i18n, business_data.signatories).to_string(),
                r.signatories.join(", "),
            ),
            (
                t_string!(i18n, business_data.rcs_number).to_string(),
                r.rcs_number,
            ),
            (
                t_string!(i18n, business_data.registered_on).to_string(),
                day(&r.registered_on),
            ),
        ],
        Record::Vat(r) => vec![
            (
                t_string!(i18n, business_data.vat_number).to_string(),
                r.number,
            ),
            (
                t_string!(i18n, business_data.registered_on).to_string(),
                day(&r.registered_on),
            ),
        ],
        Record::Employer(r) => vec![
            (
                t_string!(i18n, business_data.employer_number).to_string(),
                r.number,
            ),
            (
                t_string!(i18n, business_data.registered_on).to_string(),
                day(&r.registered_on),
            ),
        ],
    };
    pairs
        .into_iter()
        .map(|(label, value)| view! { <dt>{label}</dt><dd>{value}</dd> })
        .collect_view()
}
