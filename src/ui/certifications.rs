//! The Certifications tab (seed 001 §6.6–6.7): "Registration of access codes" for
//! administrators, then the eSpace's certifications and its mandates given and received, which
//! every member reads. The principal revokes a mandate given from its row, after confirming.

use super::{
    answer::{Loading, alert, answer_view},
    dialog::ConfirmDialog,
    espace::{EspacePage, espace_id, use_current_espace},
    form::{Choices, TextField, refused_fields, shown_problem},
};
use crate::{
    api::certifications::{RegisterCode, SetMandateEnd, load_certifications, revoke_mandate},
    domain::{
        access_code::{
            AccessCode, CertificationsView, Registration, RegistrationStatus, day_of, end_of_use,
        },
        error::{Answer, Fault},
        role::Permission,
        validation::FieldError,
    },
    i18n::*,
    text,
};
use leptos::{form::ActionForm, prelude::*};

type Lists = Resource<Result<Answer<CertificationsView>, Fault>>;

#[component]
pub fn CertificationsTab() -> impl IntoView {
    let id = espace_id();
    // created here, outside the page's closure (see `EspaceLayout`)
    let lists: Lists = Resource::new(move || id.get(), load_certifications);
    view! { <EspacePage page=move || view! { <Certifications lists/> }/> }
}

#[component]
fn Certifications(lists: Lists) -> impl IntoView {
    let i18n = use_i18n();
    let admin = use_current_espace().role.allows(Permission::ManageProfile);
    view! {
        <p class="intro">{t!(i18n, certifications.intro)}</p>
        {admin.then(|| view! { <RegisterForm lists/> })}
        <Suspense fallback=Loading>
            {move || lists.get().map(|answer| answer_view(answer, move |view| view! { <Lists view admin lists/> }))}
        </Suspense>
    }
}

#[component]
fn RegisterForm(lists: Lists) -> impl IntoView {
    let i18n = use_i18n();
    let register = ServerAction::<RegisterCode>::new();
    let espace_id = use_current_espace().profile.id;
    let code = RwSignal::new(String::new());
    let kind = RwSignal::new("owner".to_owned());
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
                &refused_fields(register.value().get()),
                field,
            )
        })
    };
    let registered = move || matches!(register.value().get(), Some(Ok(Ok(()))));
    Effect::new(move |_| {
        if registered() {
            code.set(String::new());
            touched.set(false);
            lists.refetch();
        }
    });
    let fault = move || match register.value().get() {
        Some(Err(fault)) => Some(text::fault(i18n.get_locale(), &fault)),
        _ => None,
    };
    view! {
        <section class="sheet">
            <h2>{t!(i18n, certifications.register_title)}</h2>
            <p role="status" class="banner ok" class:hidden=move || !registered()>{t!(i18n, certifications.registered)}</p>
            {move || fault().map(alert)}
            <ActionForm action=register attr:novalidate=true
                on:input=move |_| touched.set(true)
                on:submit:capture=move |ev| {
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
                    <button type="submit" disabled=move || register.pending().get()>{t!(i18n, certifications.register)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

/// Which of the three lists a table shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum List {
    Certifications,
    Given,
    Received,
}

#[component]
fn Lists(view: CertificationsView, admin: bool, lists: Lists) -> impl IntoView {
    let CertificationsView {
        certifications,
        mandates_given,
        mandates_received,
    } = view;
    view! {
        <RegistrationTable list=List::Certifications rows=certifications admin lists/>
        <RegistrationTable list=List::Given rows=mandates_given admin lists/>
        <RegistrationTable list=List::Received rows=mandates_received admin lists/>
    }
}

#[component]
fn RegistrationTable(
    list: List,
    rows: Vec<Registration>,
    admin: bool,
    lists: Lists,
) -> impl IntoView {
    let i18n = use_i18n();
    let heading = move || match list {
        List::Certifications => t_string!(i18n, certifications.certifications),
        List::Given => t_string!(i18n, certifications.given),
        List::Received => t_string!(i18n, certifications.received),
    };
    let empty = move || match list {
        List::Certifications => t_string!(i18n, certifications.no_certifications),
        List::Given => t_string!(i18n, certifications.no_given),
        List::Received => t_string!(i18n, certifications.no_received),
    };
    let counterpart = move || match list {
        List::Given => Some(t_string!(i18n, certifications.representative).to_string()),
        List::Received => Some(t_string!(i18n, certifications.principal).to_string()),
        List::Certifications => None,
    };
    let revocable = admin && list == List::Given;
    let heading_id = match list {
        List::Certifications => "heading-certifications",
        List::Given => "heading-given",
        List::Received => "heading-received",
    };
    view! {
        <section class="sheet" aria-labelledby=heading_id>
            <h2 id=heading_id>{heading}</h2>
            {if rows.is_empty() {
                view! { <p class="empty">{empty}</p> }.into_any()
            } else {
                view! {
                    <table>
                        <thead><tr>
                            {counterpart().map(|_| view! { <th scope="col">{counterpart}</th> })}
                            <th scope="col">{t!(i18n, certifications.domain)}</th>
                            <th scope="col">{t!(i18n, certifications.company)}</th>
                            <th scope="col">{t!(i18n, certifications.since)}</th>
                            <th scope="col">{t!(i18n, certifications.until)}</th>
                            <th scope="col">{t!(i18n, certifications.status)}</th>
                            {revocable.then(|| view! { <th scope="col"><span class="visually-hidden">{t!(i18n, certifications.actions)}</span></th> })}
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|row| view! { <RegistrationRow row list revocable lists/> }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn RegistrationRow(row: Registration, list: List, revocable: bool, lists: Lists) -> impl IntoView {
    let i18n = use_i18n();
    let Registration {
        id,
        domain,
        company,
        counterpart,
        since,
        until,
        status,
    } = row;
    let name = counterpart.clone().unwrap_or_else(|| company.clone());
    let confirm = RwSignal::new(false);
    let espace_id = use_current_espace().profile.id;
    let revoke = Action::new_local(move |mandate: &String| {
        let (espace_id, mandate) = (espace_id.clone(), mandate.clone());
        async move {
            let answer = revoke_mandate(espace_id, mandate).await;
            lists.refetch();
            answer
        }
    });
    let revoke_failed = move || match revoke.value().get() {
        Some(Ok(Err(refusal))) => Some(text::refusal(i18n.get_locale(), &refusal)),
        Some(Err(fault)) => Some(text::fault(i18n.get_locale(), &fault)),
        _ => None,
    };
    let question = {
        let name = name.clone();
        move || {
            t_string!(
                i18n,
                certifications.confirm_revoke,
                name = name.clone(),
                domain = text::domain(i18n.get_locale(), domain)
            )
            .to_string()
        }
    };
    let revoke_label = {
        let name = name.clone();
        move || t_string!(i18n, certifications.revoke_for, name = name.clone()).to_string()
    };
    let locale = move || i18n.get_locale();
    view! {
        <tr>
            {(list != List::Certifications).then(|| view! { <td>{name.clone()}</td> })}
            <td>{move || text::domain(i18n.get_locale(), domain)}</td>
            <td>{company}</td>
            <td class="nowrap">{move || text::date(locale(), since)}</td>
            {if revocable && status == RegistrationStatus::Active {
                view! { <td><EndOfUseForm mandate=id.clone() name=name.clone() until lists/></td> }.into_any()
            } else {
                view! {
                    <td class="nowrap">{move || until.map_or_else(|| t_string!(i18n, certifications.no_end).to_string(), |u| text::date(locale(), u))}</td>
                }.into_any()
            }}
            <td><span class=format!("status status-{}", status_class(status))>{move || status_name(i18n, status)}</span></td>
            {(revocable && status == RegistrationStatus::Active).then(|| view! {
                <td>
                    <button type="button" class="secondary" aria-label=revoke_label.clone() title=revoke_label.clone()
                        on:click=move |_| confirm.set(true)>
                        {t!(i18n, certifications.revoke)}
                    </button>
                    {move || revoke_failed().map(alert)}
                    <ConfirmDialog open=confirm
                        title=Signal::derive(revoke_label.clone())
                        text=Signal::derive(question.clone())
                        confirm=Signal::derive(move || t_string!(i18n, certifications.revoke).to_string())
                        on_confirm=Callback::new({
                            let id = id.clone();
                            move |_| { revoke.dispatch(id.clone()); }
                        })/>
                </td>
            })}
            {(revocable && status != RegistrationStatus::Active).then(|| view! { <td></td> })}
        </tr>
    }
}

fn status_name(i18n: leptos_i18n::I18nContext<Locale>, status: RegistrationStatus) -> String {
    match status {
        RegistrationStatus::Active => t_string!(i18n, certifications.active),
        RegistrationStatus::Ended => t_string!(i18n, certifications.ended),
        RegistrationStatus::Revoked => t_string!(i18n, certifications.revoked),
    }
    .to_string()
}

fn status_class(status: RegistrationStatus) -> &'static str {
    match status {
        RegistrationStatus::Active => "active",
        RegistrationStatus::Ended => "expired",
        RegistrationStatus::Revoked => "deactivated",
    }
}

/// The principal sets or removes the end of use of a mandate it gave; the representative's
/// administrators are emailed. Checked as typed (a day, not past) and again on the server.
#[component]
fn EndOfUseForm(mandate: String, name: String, until: Option<i64>, lists: Lists) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SetMandateEnd>::new();
    let espace_id = use_current_espace().profile.id;
    let value = RwSignal::new(until.map(day_of).unwrap_or_default());
    let touched = RwSignal::new(false);
    let local_errors = move || match end_of_use(
        &value.get(),
        time::OffsetDateTime::now_utc().unix_timestamp(),
    ) {
        Ok(_) => Vec::new(),
        Err(problem) => vec![FieldError::new("end", problem)],
    };
    let problem = Signal::derive(move || {
        shown_problem(
            touched.get(),
            &local_errors(),
            &refused_fields(save.value().get()),
            "end",
        )
    });
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(Ok(())))) {
            lists.refetch();
        }
    });
    let label = move || t_string!(i18n, certifications.end_label, name = name.clone()).to_string();
    let error_id = format!("end-{mandate}-error");
    view! {
        <ActionForm action=save attr:class="end-of-use" attr:novalidate=true
            on:submit:capture=move |ev| {
                touched.set(true);
                if !local_errors().is_empty() {
                    ev.prevent_default();
                }
            }>
            <input type="hidden" name="espace_id" value=espace_id/>
            <input type="hidden" name="mandate_id" value=mandate/>
            <input type="date" name="end" aria-label=label
                aria-invalid=move || problem.get().is_some().to_string()
                aria-describedby=error_id.clone()
                value=value.get_untracked()
                prop:value=move || value.get()
                on:input=move |ev| { touched.set(true); value.set(event_target_value(&ev)); }/>
            <button type="submit" class="secondary" disabled=move || save.pending().get()>
                {t!(i18n, certifications.set_end)}
            </button>
            <p class="field-error" id=error_id aria-live="polite">
                {move || problem.get().map(|p| text::problem(i18n.get_locale(), p))}
            </p>
        </ActionForm>
    }
}
