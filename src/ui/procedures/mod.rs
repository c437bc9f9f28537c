//! "Mes démarches" (help "Ajouter un utilisateur"'s home tile): the eSpace's procedures under "À
//! corriger", "En préparation" and "Soumises", and "+ Nouvelle démarche" from the catalogue. Every
//! member reads them; every role creates and modifies, and the server checks who signs.

mod form;
mod start;

pub use form::ProcedurePage;
pub use start::NewProcedurePage;

use super::{
    answer::{Loading, answer_view},
    espace::{EspacePage, espace_id, use_current_espace},
    title::PageTitle,
};
use crate::{
    api::procedures::list_procedures,
    domain::{
        error::{Answer, Fault},
        procedure::{
            definition,
            lifecycle::{Principal, ProcedureLine, ProcedureStatus},
        },
    },
    i18n::*,
    text,
};
use leptos::prelude::*;

#[component]
pub fn ProceduresPage() -> impl IntoView {
    let id = espace_id();
    let lines = Resource::new(move || id.get(), list_procedures);
    view! { <EspacePage page=move || view! { <Procedures lines/> }/> }
}

#[component]
fn Procedures(lines: Resource<Result<Answer<Vec<ProcedureLine>>, Fault>>) -> impl IntoView {
    let i18n = use_i18n();
    let base = crate::paths::procedures(&use_current_espace().profile.id);
    let title = Signal::derive(move || t_string!(i18n, procedures.title).to_string());
    view! {
        <PageTitle text=title/>
        <div class="section-head">
            <h1>{t!(i18n, procedures.title)}</h1>
            <a class="button" href=format!("{base}/new")>{t!(i18n, procedures.new)}</a>
        </div>
        <p class="intro">{t!(i18n, procedures.intro)}</p>
        <Suspense fallback=Loading>
            {move || {
                let base = base.clone();
                lines.get().map(|answer| answer_view(answer, move |lines| view! { <Lists lines base/> }))
            }}
        </Suspense>
    }
}

#[component]
fn Lists(lines: Vec<ProcedureLine>, base: String) -> impl IntoView {
    let i18n = use_i18n();
    let (mut to_correct, mut drafts, mut submitted) = (Vec::new(), Vec::new(), Vec::new());
    for line in lines {
        match line.status {
            ProcedureStatus::ToCorrect { .. } => to_correct.push(line),
            ProcedureStatus::Draft => drafts.push(line),
            ProcedureStatus::Submitted { .. } => submitted.push(line),
        }
    }
    let list = move |id: &'static str,
                     heading: Signal<String>,
                     empty: Signal<String>,
                     lines: Vec<ProcedureLine>| {
        let base = base.clone();
        view! {
            <section class="sheet" aria-labelledby=id>
                <h2 id=id>{heading}</h2>
                {if lines.is_empty() {
                    view! { <p class="empty">{empty}</p> }.into_any()
                } else {
                    view! {
                        <ul class="procedures">
                            {lines.into_iter().map(|line| view! { <Line line base=base.clone()/> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
        }
    };
    view! {
        {list("heading-to-correct",
            Signal::derive(move || t_string!(i18n, procedures.to_correct).to_string()),
            Signal::derive(move || t_string!(i18n, procedures.none_to_correct).to_string()), to_correct)}
        {list("heading-drafts",
            Signal::derive(move || t_string!(i18n, procedures.drafts).to_string()),
            Signal::derive(move || t_string!(i18n, procedures.no_drafts).to_string()), drafts)}
        {list("heading-submitted",
            Signal::derive(move || t_string!(i18n, procedures.submitted).to_string()),
            Signal::derive(move || t_string!(i18n, procedures.none_submitted).to_string()), submitted)}
    }
}

/// One procedure: its title (in the viewer's language), for whom, and who changed it last.
#[component]
fn Line(line: ProcedureLine, base: String) -> impl IntoView {
    let i18n = use_i18n();
    let locale = move || i18n.get_locale();
    let title = move || {
        definition(&line.kind)
            .map(|d| d.title.get(text::language_of(locale())).to_owned())
            .unwrap_or_else(|| line.kind.clone())
    };
    let for_whom = line.for_principal.clone();
    let (by, at) = (line.updated_by.clone(), line.updated_at);
    view! {
        <li>
            <a href=format!("{base}/{}", line.id)>{title}</a>
            {line.reference.clone().map(|r| view! { " " <span class="reference">{r}</span> })}
            {for_whom.map(|p| view! { <span class="for-principal">{move || principal_label(i18n, &p)}</span> })}
            {line.signed.then(|| view! { <span class="status status-active">{t!(i18n, procedures.signed)}</span> })}
            <span class="hint">{move || t_string!(i18n, procedures.changed_by, name = by.clone(), date = text::date(locale(), at)).to_string()}</span>
        </li>
    }
}

/// "Pour <principal>" with its name, or its number when its eSpace is not certified.
pub fn principal_label(i18n: leptos_i18n::I18nContext<Locale>, principal: &Principal) -> String {
    let name = principal
        .name
        .clone()
        .unwrap_or_else(|| principal.company.to_string());
    t_string!(i18n, procedures.for_principal, name = name).to_string()
}
