//! "Add a user" (seed 000 steps 5–9, seed 002 steps 4–10): step 1 the starred identity fields
//! and "Next"; step 2 the certificate's SSN, the access scope and the role, then "Invite".
//! Both steps are checked as the administrator types, with the rules the server applies again;
//! going back and forth, or a refusal from the server, keeps everything typed.

use super::users_base;
use crate::{
    api::users::InviteMember,
    domain::{
        error::Refusal,
        invitation::{InvitationForm, Invitee, STEP_ONE_FIELDS},
        member::AccessScope,
        role::Role,
    },
    i18n::*,
    text,
    ui::{
        answer::alert,
        espace::{AdminOnly, EspacePage, use_current_espace},
        form::{Choices, TextField, refused_fields, shown_problem},
        title::PageTitle,
    },
};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Identity,
    Access,
}

#[component]
pub fn AddUserPage() -> impl IntoView {
    view! {
        <EspacePage page=|| {
            let espace_id = use_current_espace().profile.id;
            view! { <AdminOnly><AddUserForm espace_id=espace_id.clone()/></AdminOnly> }
        }/>
    }
}

#[component]
fn AddUserForm(espace_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let invite = ServerAction::<InviteMember>::new();
    let step = RwSignal::new(Step::Identity);
    // A field's problem shows once the user has tried to leave its step.
    let tried = RwSignal::new((false, false));
    let [given_name, family_name, email, ssn, scope, role] =
        std::array::from_fn(|_| RwSignal::new(String::new()));
    let form = move || InvitationForm {
        given_name: given_name.get(),
        family_name: family_name.get(),
        email: email.get(),
        ssn: ssn.get(),
        scope: scope.get(),
        role: role.get(),
    };
    let local_errors = move || {
        let f = form();
        match step.get() {
            Step::Identity => Invitee::validate(&f.given_name, &f.family_name, &f.email)
                .err()
                .unwrap_or_default(),
            Step::Access => f.validate().err().unwrap_or_default(),
        }
    };
    let server_errors = move || refused_fields(invite.value().get());
    let problem = move |name: &'static str| {
        Signal::derive(move || {
            let (first, second) = tried.get();
            let shown = if STEP_ONE_FIELDS.contains(&name) {
                first
            } else {
                second
            };
            shown_problem(shown, &local_errors(), &server_errors(), name)
        })
    };
    // After a refusal naming a field of step 1, that step is where to fix it.
    Effect::new(move |_| {
        if let Some(Ok(Err(Refusal::Invalid(errors)))) = invite.value().get()
            && errors
                .iter()
                .any(|e| STEP_ONE_FIELDS.contains(&e.field.as_str()))
        {
            step.set(Step::Identity);
        }
    });
    // The step's form replaces the other: focus follows to its first field (not on first load).
    Effect::new(move |previous: Option<Step>| {
        let now = step.get();
        if previous.is_some_and(|p| p != now) {
            let first = if now == Step::Identity {
                "field-family_name"
            } else {
                "field-ssn"
            };
            focus(first);
        }
        now
    });
    let navigate = use_navigate();
    let base = users_base(&espace_id);
    {
        let base = base.clone();
        Effect::new(move |_| {
            if let Some(Ok(Ok(member_id))) = invite.value().get() {
                navigate(&format!("{base}/{member_id}?invited=1"), Default::default());
            }
        });
    }
    let banner = move || match invite.value().get() {
        Some(Ok(Err(Refusal::Invalid(_)))) | None | Some(Ok(Ok(_))) => None,
        Some(Ok(Err(refusal))) => Some(text::refusal(i18n.get_locale(), &refusal)),
        Some(Err(fault)) => Some(text::fault(i18n.get_locale(), &fault)),
    };
    let next = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.update(|t| t.0 = true);
        if local_errors().is_empty() {
            step.set(Step::Access);
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.update(|t| t.1 = true);
        if !local_errors().is_empty() || invite.pending().get_untracked() {
            return;
        }
        let f = untrack(form);
        invite.dispatch(InviteMember {
            espace_id: espace_id.clone(),
            given_name: f.given_name,
            family_name: f.family_name,
            email: f.email,
            ssn: f.ssn,
            scope: f.scope,
            role: f.role,
        });
    };
    let label = move |key: fn(leptos_i18n::I18nContext<Locale>) -> String| {
        Signal::derive(move || key(i18n))
    };
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, users.add).to_string())/>
        <section class="narrow">
            <h2>{t!(i18n, users.add)}</h2>
            <p class="hint">{t!(i18n, create.mandatory)}</p>
            {move || banner().map(alert)}
            <Show when=move || step.get() == Step::Identity fallback=move || view! {
                <form class="step" on:submit=submit.clone() novalidate>
                    <p class="step-count">{t!(i18n, invite.step_two)}</p>
                    <TextField name="ssn" label=label(|i| t_string!(i, invite.ssn).to_string())
                        value=ssn problem=problem("ssn") required=true autocomplete="off"
                        hint=Signal::derive(move || t_string!(i18n, invite.ssn_hint).to_string())/>
                    <Choices name="scope" legend=label(|i| t_string!(i, invite.scope_legend).to_string())
                        problem=problem("scope") value=scope
                        options=vec![AccessScope::ThisCertificate.code(), AccessScope::AllCertificates.code()]
                        describe=|i, code| match code {
                            "this_certificate" => (t_string!(i, invite.scope_this).to_string(), None),
                            _ => (t_string!(i, invite.scope_all).to_string(), None),
                        }/>
                    <Choices name="role" legend=label(|i| t_string!(i, invite.role_legend).to_string())
                        problem=problem("role") value=role
                        options=Role::ALL.iter().map(|r| r.code()).collect()
                        describe=|i, code| {
                            let role = Role::from_code(code).unwrap_or(Role::WithoutSignature);
                            (text::role(i.get_locale(), role), Some(role_hint(i, role)))
                        }/>
                    <div class="actions">
                        <button type="button" class="secondary" on:click=move |_| step.set(Step::Identity)>
                            {t!(i18n, invite.previous)}
                        </button>
                        <button type="submit" disabled=move || invite.pending().get()>
                            {move || if invite.pending().get() {
                                t_string!(i18n, invite.inviting).to_string()
                            } else {
                                t_string!(i18n, invite.submit).to_string()
                            }}
                        </button>
                    </div>
                </form>
            }>
                <form class="step" on:submit=next novalidate>
                    <p class="step-count">{t!(i18n, invite.step_one)}</p>
                    <TextField name="family_name" label=label(|i| t_string!(i, invite.family_name).to_string())
                        value=family_name problem=problem("family_name") required=true autocomplete="off"/>
                    <TextField name="given_name" label=label(|i| t_string!(i, invite.given_name).to_string())
                        value=given_name problem=problem("given_name") required=true autocomplete="off"/>
                    <TextField name="email" label=label(|i| t_string!(i, invite.email).to_string())
                        value=email problem=problem("email") required=true autocomplete="off" kind="email"/>
                    <div class="actions">
                        <a class="button secondary" href=base.clone()>{t!(i18n, common.cancel)}</a>
                        <button type="submit">{t!(i18n, invite.next)}</button>
                    </div>
                </form>
            </Show>
        </section>
    }
}

/// The one-line explanation of a role's powers (seed 000).
pub fn role_hint(i18n: leptos_i18n::I18nContext<Locale>, role: Role) -> String {
    match role {
        Role::Administrator => t_string!(i18n, invite.hint_administrator),
        Role::Manager => t_string!(i18n, invite.hint_manager),
        Role::WithoutSignature => t_string!(i18n, invite.hint_without_signature),
    }
    .to_string()
}

/// Moves the keyboard focus to the element with this id, once it is in the page.
fn focus(id: &'static str) {
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        if let Some(element) = document()
            .get_element_by_id(id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = element.focus();
        }
    });
}
