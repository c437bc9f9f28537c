//! "Add a user" (help "Adding users" steps 5–9, help "Ajouter un utilisateur" steps 4–10): step 1
//! the starred identity fields and "Next"; step 2 the certificate's SSN, the access scope and the
//! role, then "Invite". Both steps are checked as the administrator types, with the rules the
//! server applies again; going back and forth, or a refusal from the server, keeps everything
//! typed.

use crate::{
    api::users::{InvitationStep, InviteMember},
    domain::{
        invitation::{InvitationForm, Invitee, STEP_ONE_FIELDS},
        member::AccessScope,
        role::Role,
    },
    i18n::*,
    text,
    ui::{
        answer::failure,
        espace::{AdminOnly, EspacePage, use_current_espace},
        flash::{flash_answer, page_flash, provide_island_flash, typed},
        form::{Choices, TextField, refused_fields, shown_problem},
        title::PageTitle,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};

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
            view! { <AdminOnly><AddUserForm espace_id=espace_id.to_string() flash=page_flash()/></AdminOnly> }
        }/>
    }
}

/// The step a plain post of the form came back to: the one asked for, or the one holding a
/// field the server refused.
fn came_back_step() -> Step {
    let refused_in_step_one = |errors: Vec<crate::domain::validation::FieldError>| {
        errors
            .iter()
            .any(|e| STEP_ONE_FIELDS.contains(&e.field.as_str()))
    };
    match (
        flash_answer::<InvitationStep>(),
        flash_answer::<InviteMember>(),
    ) {
        (Some(Ok(Ok(()))), _) if typed::<InvitationStep>("step").as_deref() == Some("access") => {
            Step::Access
        }
        (_, Some(Ok(Err(refusal)))) if !refused_in_step_one(refusal.field_errors().to_vec()) => {
            Step::Access
        }
        _ => Step::Identity,
    }
}

/// Each step is a form that posts: without JavaScript (or before it has arrived) "Suivant" and
/// "Précédent" post to `invitation_step`, which checks step 1 and gives everything typed back
/// through the flash; "Inviter" posts to `invite_member`. Once the island runs, the steps change
/// in place, checked by the same rules, and "Inviter" posts only a form that passes them.
#[island]
fn AddUserForm(espace_id: String, flash: Option<crate::domain::flash::Flash>) -> impl IntoView {
    provide_island_flash(flash);
    let i18n = use_i18n();
    let step = RwSignal::new(came_back_step());
    // A field's problem shows once the user has tried to leave its step.
    let tried = RwSignal::new((false, false));
    let [given_name, family_name, email, ssn, scope, role] =
        ["given_name", "family_name", "email", "ssn", "scope", "role"].map(|field| {
            RwSignal::new(
                typed::<InvitationStep>(field)
                    .or_else(|| typed::<InviteMember>(field))
                    .unwrap_or_default(),
            )
        });
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
    let server_errors = move || {
        let mut errors = refused_fields(flash_answer::<InviteMember>());
        errors.extend(refused_fields(flash_answer::<InvitationStep>()));
        errors
    };
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
    let base = crate::paths::users(&espace_id);
    let (step_one_espace, step_two_espace) = (espace_id.clone(), espace_id.clone());
    let banner = move || {
        failure(i18n.get_locale(), flash_answer::<InviteMember>())
            .or_else(|| failure(i18n.get_locale(), flash_answer::<InvitationStep>()))
    };
    let next = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.update(|t| t.0 = true);
        if local_errors().is_empty() {
            step.set(Step::Access);
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        tried.update(|t| t.1 = true);
        if !local_errors().is_empty() {
            ev.prevent_default();
        }
    };
    let label = move |key: fn(leptos_i18n::I18nContext<Locale>) -> String| {
        Signal::derive(move || key(i18n))
    };
    // what the other step holds, posted along so that nothing typed is lost between steps
    let kept = move |fields: [(&'static str, RwSignal<String>); 3]| {
        fields
            .into_iter()
            .map(|(name, value)| {
                view! { <input type="hidden" name=name value=value.get_untracked() prop:value=move || value.get()/> }
            })
            .collect_view()
    };
    let step_url = InvitationStep::url();
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, users.add).to_string())/>
        <section class="narrow">
            <h2>{t!(i18n, users.add)}</h2>
            <p class="hint">{t!(i18n, create.mandatory)}</p>
            <div class="messages">{banner}</div>
            <Show when=move || step.get() == Step::Identity fallback=move || view! {
                <form class="step" method="post" action=InviteMember::url() on:submit=submit novalidate>
                    <p class="step-count">{t!(i18n, invite.step_two)}</p>
                    <input type="hidden" name="espace_id" value=step_two_espace.clone()/>
                    {kept([("given_name", given_name), ("family_name", family_name), ("email", email)])}
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
                    // help "Adding users" and "Ajouter un utilisateur": what the administrator
                    // answers for, said before "Inviter"
                    <div class="notice" role="note">
                        <p>{t!(i18n, invite.responsible)}</p>
                        <p>{t!(i18n, invite.reach)}</p>
                    </div>
                    <div class="actions">
                        <button type="submit" class="secondary" formaction=step_url name="step" value="identity"
                            formnovalidate=true
                            on:click=move |ev| { ev.prevent_default(); step.set(Step::Identity); }>
                            {t!(i18n, invite.previous)}
                        </button>
                        <button type="submit">{t!(i18n, invite.submit)}</button>
                    </div>
                </form>
            }>
                <form class="step" method="post" action=InvitationStep::url() on:submit=next novalidate>
                    <p class="step-count">{t!(i18n, invite.step_one)}</p>
                    <input type="hidden" name="espace_id" value=step_one_espace.clone()/>
                    <TextField name="family_name" label=label(|i| t_string!(i, invite.family_name).to_string())
                        value=family_name problem=problem("family_name") required=true autocomplete="off"/>
                    <TextField name="given_name" label=label(|i| t_string!(i, invite.given_name).to_string())
                        value=given_name problem=problem("given_name") required=true autocomplete="off"/>
                    <TextField name="email" label=label(|i| t_string!(i, invite.email).to_string())
                        value=email problem=problem("email") required=true autocomplete="off" kind="email"/>
                    {kept([("ssn", ssn), ("scope", scope), ("role", role)])}
                    <div class="actions">
                        <a class="button secondary" href=base.clone()>{t!(i18n, common.cancel)}</a>
                        <button type="submit" name="step" value="access">{t!(i18n, invite.next)}</button>
                    </div>
                </form>
            </Show>
        </section>
    }
}

/// The one-line explanation of a role's powers (help "Adding users").
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
