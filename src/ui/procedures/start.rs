//! "+ Nouvelle démarche": the catalogue; choosing a procedure asks for whom it is (help "Managing
//! eSpaces" §6.7.2: "for myself" or one of the principals that mandated this eSpace for its
//! domain), then "Commencer" posts, which creates the draft and opens it.

use super::principal_label;
use crate::{
    api::procedures::{CreateProcedure, procedure_principals},
    domain::{
        error::{Answer, Fault, Refusal},
        procedure::{
            catalogue,
            lifecycle::{Principal, ProcedureRefusal},
        },
    },
    i18n::*,
    text,
    ui::{
        answer::{Loading, failure},
        espace::{EspacePage, espace_id, use_current_espace},
        flash::flash_answer,
        title::PageTitle,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_query_map;

type Principals = Resource<Result<Answer<Vec<Principal>>, Fault>>;

#[component]
pub fn NewProcedurePage() -> impl IntoView {
    let espace = espace_id();
    // the procedure chosen, in the address so "back" returns to the catalogue
    let query = use_query_map();
    let chosen = Memo::new(move |_| query.read().get("kind"));
    // created here, outside the page's closure (see `EspaceLayout`)
    let principals: Principals = Resource::new(
        move || (espace.get(), chosen.get()),
        |(espace, kind)| async move {
            match kind {
                Some(kind) => procedure_principals(espace, kind).await,
                None => Ok(Ok(Vec::new())),
            }
        },
    );
    view! { <EspacePage page=move || view! { <Catalogue chosen principals/> }/> }
}

#[component]
fn Catalogue(chosen: Memo<Option<String>>, principals: Principals) -> impl IntoView {
    let i18n = use_i18n();
    let espace_id = use_current_espace().profile.id;
    let base = crate::paths::procedures(&espace_id);
    let title = Signal::derive(move || t_string!(i18n, procedures.new_title).to_string());
    let answer = flash_answer::<CreateProcedure>();
    // refused for want of certification: the way to get it
    let to_certifications = matches!(
        answer,
        Some(Ok(Err(Refusal::Procedure(ProcedureRefusal::NotCertified(_)))))
    )
    .then(|| {
        view! {
            <p><a href=crate::paths::certifications(&espace_id)>{t!(i18n, procedures.go_to_certifications)}</a></p>
        }
    });
    let failed = failure(i18n.get_locale_untracked(), answer);
    view! {
        <PageTitle text=title/>
        <h1>{t!(i18n, procedures.new_title)}</h1>
        // a refused start comes back here, to the catalogue (the address keeps no query)
        {failed}
        {to_certifications}
        <p class="intro">{t!(i18n, procedures.catalogue_intro)}</p>
        <ul class="tiles">
            {catalogue().iter().map(|definition| {
                let language = move || text::language_of(i18n.get_locale());
                view! {
                    <li class="tile">
                        <h2><a href=format!("{base}/new?kind={}", definition.id)>{move || definition.title.get(language()).to_owned()}</a></h2>
                        <p>{move || definition.summary.get(language()).to_owned()}</p>
                        <p class="hint">{move || text::domain(i18n.get_locale(), definition.domain)}</p>
                        {definition.certified_for.map(|domain| view! {
                            <p class="hint">{move || t_string!(i18n, procedures.requires_certification, domain = text::domain(i18n.get_locale(), domain)).to_string()}</p>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
        {move || chosen.get().map(|kind| view! { <ForWhom kind espace_id=espace_id.to_string() principals/> })}
    }
}

/// For whom the chosen procedure is filed; "Commencer" posts the form, which creates the draft
/// and opens it.
#[component]
fn ForWhom(kind: String, espace_id: String, principals: Principals) -> impl IntoView {
    let i18n = use_i18n();
    let title = crate::domain::procedure::definition(&kind).map(|d| d.title.clone());
    view! {
        <section class="card" aria-labelledby="heading-for-whom">
            <h2 id="heading-for-whom">{move || title.as_ref().map(|t| t.get(text::language_of(i18n.get_locale())).to_owned())}</h2>
            <form method="post" action=CreateProcedure::url()>
            <input type="hidden" name="espace_id" value=espace_id.clone()/>
            <input type="hidden" name="kind" value=kind.clone()/>
            <fieldset class="choices">
                <legend>{t!(i18n, procedures.for_whom)}</legend>
                <label class="choice">
                    <input type="radio" name="principal" value="" checked=true/>
                    {t!(i18n, procedures.for_myself)}
                </label>
                <Suspense fallback=Loading>
                    {move || principals.get().map(|answer| match answer {
                        Ok(Ok(principals)) => principals.into_iter().map(|p| {
                            view! {
                                <label class="choice">
                                    <input type="radio" name="principal" value=p.company.to_string()/>
                                    {principal_label(i18n, &p)}
                                </label>
                            }
                        }).collect_view().into_any(),
                        _ => ().into_any(),
                    })}
                </Suspense>
            </fieldset>
            <div class="actions">
                <button type="submit">{t!(i18n, procedures.start)}</button>
            </div>
            </form>
        </section>
    }
}
