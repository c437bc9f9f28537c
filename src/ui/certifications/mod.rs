//! The Certifications tab (help "Have your business eSpace certified" to "Managing mandates"):
//! "Registration of access codes", for every role (§6.7.2), and the request for certification in a
//! field of activity, for administrators; then the eSpace's certifications and requests, its
//! mandates given (which the principal manages) and received (grouped by principal), and the codes
//! it asked the administration for. Every member reads the lists.

mod given;
mod received;
mod requests;

use super::{
    answer::{Loading, answer_view, failure},
    espace::{EspacePage, espace_id, use_current_espace},
    flash::{flash_answer, page_flash, provide_island_flash, typed},
    form::{Choices, TextField, refused_fields, shown_problem},
};
use crate::{
    api::{
        certification_requests::RequestCertification,
        certifications::{RegisterCode, load_certifications},
        documents::list_documents,
    },
    domain::{
        access_code::AccessCode,
        certification::DocumentKind,
        document::Document,
        error::{Answer, Fault},
        mandate::{
            CertificationsView, CodeRequest, EndSetBy, EndsOfUse, Registration, RegistrationStatus,
        },
        role::Permission,
        validation::FieldError,
    },
    i18n::*,
    text,
};
use leptos::{prelude::*, server_fn::ServerFn};

type Lists = Resource<Result<Answer<CertificationsView>, Fault>>;
type Store = Resource<Result<Answer<Vec<Document>>, Fault>>;

/// What the last action on the tab did, said in its one status line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Done {
    Registered,
    EndSaved,
    ScopeSaved,
    Revoked,
    Renewed,
    Requested,
}

#[component]
pub fn CertificationsTab() -> impl IntoView {
    let id = espace_id();
    // created here, outside the page's closure (see `EspaceLayout`)
    let lists: Lists = Resource::new(move || id.get(), load_certifications);
    let store: Store = Resource::new(move || id.get(), list_documents);
    view! { <EspacePage page=move || view! { <Certifications lists store/> }/> }
}

#[component]
fn Certifications(lists: Lists, store: Store) -> impl IntoView {
    let i18n = use_i18n();
    let admin = use_current_espace().role.allows(Permission::ManageProfile);
    let came_back = came_back_done();
    // a mandate's controls are gone from the page the post came back to: focus goes to what
    // happened instead
    let focused =
        matches!(came_back, Some(done) if !matches!(done, Done::Registered | Done::Requested));
    let said = move || {
        came_back.map(|done| match done {
            Done::Registered => t_string!(i18n, certifications.registered),
            Done::EndSaved => t_string!(i18n, certifications.end_saved),
            Done::ScopeSaved => t_string!(i18n, certifications.scope_saved),
            Done::Revoked => t_string!(i18n, certifications.revoked_done),
            Done::Renewed => t_string!(i18n, certifications.renewed_done),
            Done::Requested => t_string!(i18n, certification_request.sent),
        })
    };
    view! {
        <p class="intro">{t!(i18n, certifications.intro)}</p>
        <p role="status" class="banner ok" tabindex="-1" autofocus=focused class:hidden=came_back.is_none()>{said}</p>
        // every role registers codes (help "Representative"); the rest is the administrators'
        <RegisterForm espace_id=use_current_espace().profile.id.to_string() flash=page_flash()/>
        {admin.then(|| view! {
            <Suspense fallback=Loading>
                {move || store.get().map(|answer| {
                    // the documents a request takes (PDF, PNG, JPEG); none when they cannot be read
                    let store = answer.ok().and_then(Result::ok).unwrap_or_default().into_iter()
                        .filter(|d| DocumentKind::of_stored(d.kind).is_some())
                        .collect();
                    view! { <requests::RequestForm espace_id=use_current_espace().profile.id.to_string() flash=page_flash() store/> }
                })}
            </Suspense>
        })}
        <Suspense fallback=Loading>
            {move || lists.get().map(|answer| answer_view(answer, move |view| view! { <Lists view admin/> }))}
        </Suspense>
    }
}

/// What a form of the tab posted without JavaScript did, when it came back done.
fn came_back_done() -> Option<Done> {
    use crate::api::certifications::{
        RenewMandateCodes, RevokeMandate, SetMandateEnd, SetMandateScope,
    };
    let done = |answer: Option<Result<Answer<()>, Fault>>| matches!(answer, Some(Ok(Ok(()))));
    [
        (done(flash_answer::<RegisterCode>()), Done::Registered),
        (
            done(flash_answer::<RequestCertification>()),
            Done::Requested,
        ),
        (done(flash_answer::<SetMandateEnd>()), Done::EndSaved),
        (done(flash_answer::<SetMandateScope>()), Done::ScopeSaved),
        (done(flash_answer::<RevokeMandate>()), Done::Revoked),
        (done(flash_answer::<RenewMandateCodes>()), Done::Renewed),
    ]
    .into_iter()
    .find_map(|(done, what)| done.then_some(what))
}

/// "Registration of access codes": the code is checked as typed, by the rule the server applies.
#[island]
fn RegisterForm(espace_id: String, flash: Option<crate::domain::flash::Flash>) -> impl IntoView {
    provide_island_flash(flash);
    let i18n = use_i18n();
    let code = RwSignal::new(typed::<RegisterCode>("code").unwrap_or_default());
    let kind = RwSignal::new(typed::<RegisterCode>("kind").unwrap_or_else(|| "owner".to_owned()));
    let touched = RwSignal::new(false);
    let local_errors = move || match AccessCode::parse(&code.get()) {
        Ok(_) => Vec::new(),
        Err(problem) => vec![FieldError::new("code", problem)],
    };
    let problem = move |field: &'static str| {
        Signal::derive(move || {
            shown_problem(
                touched.get(),
                &local_errors(),
                &refused_fields(flash_answer::<RegisterCode>()),
                field,
            )
        })
    };
    view! {
        <section class="sheet">
            <h2>{t!(i18n, certifications.register_title)}</h2>
            {move || failure(i18n.get_locale(), flash_answer::<RegisterCode>())}
            <form method="post" action=RegisterCode::url() novalidate=true
                on:input=move |_| touched.set(true)
                on:submit=move |ev| {
                    touched.set(true);
                    if !local_errors().is_empty() {
                        ev.prevent_default();
                    }
                }>
                <input type="hidden" name="espace_id" value=espace_id/>
                <TextField name="code" value=code problem=problem("code") required=true autocomplete="off"
                    label=Signal::derive(move || t_string!(i18n, certifications.code).to_string())
                    hint=Signal::derive(move || t_string!(i18n, certifications.code_hint).to_string())/>
                <Choices name="kind" value=kind problem=problem("kind") options=vec!["owner", "proxy"]
                    legend=Signal::derive(move || t_string!(i18n, certifications.kind).to_string())
                    describe=|i18n, kind| match kind {
                        "owner" => (t_string!(i18n, certifications.kind_owner).to_string(),
                            Some(t_string!(i18n, certifications.kind_owner_hint).to_string())),
                        _ => (t_string!(i18n, certifications.kind_proxy).to_string(),
                            Some(t_string!(i18n, certifications.kind_proxy_hint).to_string())),
                    }/>
                <div class="actions">
                    <button type="submit">{t!(i18n, certifications.register)}</button>
                </div>
            </form>
        </section>
    }
}

#[component]
fn Lists(view: CertificationsView, admin: bool) -> impl IntoView {
    let CertificationsView {
        certifications,
        mandates_given,
        mandates_received,
        code_requests,
        certification_requests,
    } = view;
    view! {
        <CertificationTable rows=certifications/>
        <requests::RequestList requests=certification_requests/>
        <given::GivenTable rows=mandates_given admin/>
        <received::ReceivedMandates rows=mandates_received/>
        {(!code_requests.is_empty()).then(|| view! { <CodeRequests requests=code_requests/> })}
    }
}

/// A titled part of the tab: its table, or a sentence when there is nothing to list.
#[component]
fn ListSection(
    id: &'static str,
    #[prop(into)] heading: Signal<String>,
    #[prop(into)] empty: Signal<String>,
    is_empty: bool,
    children: Children,
) -> impl IntoView {
    view! {
        <section class="sheet" aria-labelledby=id>
            <h2 id=id>{heading}</h2>
            {if is_empty { view! { <p class="empty">{empty}</p> }.into_any() } else { children() }}
        </section>
    }
}

#[component]
fn CertificationTable(rows: Vec<Registration>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = move || i18n.get_locale();
    view! {
        <ListSection id="heading-certifications" is_empty=rows.is_empty()
            heading=move || t_string!(i18n, certifications.certifications).to_string()
            empty=move || t_string!(i18n, certifications.no_certifications).to_string()>
            <div class="table-scroll" tabindex="0"><table>
                <thead><tr>
                    <th scope="col">{t!(i18n, certifications.domain)}</th>
                    <th scope="col">{t!(i18n, certifications.company)}</th>
                    <th scope="col">{t!(i18n, certifications.since)}</th>
                    <th scope="col">{t!(i18n, certifications.until)}</th>
                    <th scope="col">{t!(i18n, certifications.status)}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|row| view! {
                        <tr>
                            <td>{move || text::domain(locale(), row.domain)}</td>
                            <td>{row.company.to_string()}</td>
                            <td class="nowrap">{move || text::date(locale(), row.since)}</td>
                            <td class="nowrap"><Until ends=row.ends/></td>
                            <td><Status status=row.status/></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></div>
        </ListSection>
    }
}

/// Codes asked of the administration (a principal changing its representative's codes), until
/// and after the letter went out.
#[component]
fn CodeRequests(requests: Vec<CodeRequest>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = move || i18n.get_locale();
    view! {
        <ListSection id="heading-requests" is_empty=false
            heading=move || t_string!(i18n, certifications.requests).to_string()
            empty=String::new()>
            <div class="table-scroll" tabindex="0"><table>
                <thead><tr>
                    <th scope="col">{t!(i18n, certifications.domain)}</th>
                    <th scope="col">{t!(i18n, certifications.company)}</th>
                    <th scope="col">{t!(i18n, certifications.kind)}</th>
                    <th scope="col">{t!(i18n, certifications.requested_on)}</th>
                    <th scope="col">{t!(i18n, certifications.requested_by)}</th>
                    <th scope="col">{t!(i18n, certifications.status)}</th>
                </tr></thead>
                <tbody>
                    {requests.into_iter().map(|request| view! {
                        <tr>
                            <td>{move || text::domain(locale(), request.domain)}</td>
                            <td>{request.company.to_string()}</td>
                            <td>{move || text::code_kind(locale(), request.kind)}</td>
                            <td class="nowrap">{move || text::date(locale(), request.requested_at)}</td>
                            <td>{request.requested_by}</td>
                            <td>{move || match request.sent_at {
                                Some(at) => t_string!(i18n, certifications.request_sent, date = text::date(locale(), at)).to_string(),
                                None => t_string!(i18n, certifications.request_pending).to_string(),
                            }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></div>
        </ListSection>
    }
}

/// The end of use that applies and who set it (help "Principal": "defined by the
/// administration or the principal"), or "No end".
#[component]
fn Until(ends: EndsOfUse) -> impl IntoView {
    let i18n = use_i18n();
    move || match ends.applying() {
        Some((until, by)) => {
            let by = match by {
                EndSetBy::Administration => t_string!(i18n, certifications.set_by_administration),
                EndSetBy::Principal => t_string!(i18n, certifications.set_by_principal),
            };
            view! { {text::date(i18n.get_locale(), until)}<br/><span class="muted">{by}</span> }
                .into_any()
        }
        None => t_string!(i18n, certifications.no_end).into_any(),
    }
}

#[component]
fn Status(status: RegistrationStatus) -> impl IntoView {
    let i18n = use_i18n();
    let class = match status {
        RegistrationStatus::Active => "active",
        RegistrationStatus::Ended => "expired",
        RegistrationStatus::Revoked => "deactivated",
    };
    let name = move || {
        match status {
            RegistrationStatus::Active => t_string!(i18n, certifications.active),
            RegistrationStatus::Ended => t_string!(i18n, certifications.ended),
            RegistrationStatus::Revoked => t_string!(i18n, certifications.revoked),
        }
        .to_string()
    };
    view! { <span class=format!("status status-{class}")>{name}</span> }
}
