//! A member's data sheet (help "Ajouter un utilisateur"'s screenshot after "Invitation envoyée."):
//! identity, certificate number, access restriction and role. Administrators edit the role ("User
//! roles" → "Edit" → "Save") and the access restriction, and from the three-dots menu deactivate,
//! reactivate, delete, resend or withdraw, each confirmed in a dialog (help "Adding users").

use super::add::role_hint;
use crate::{
    api::users::{
        ChangeRole, ChangeScope, DeactivateMember, DeleteMember, EditMember, InviteMember,
        ReactivateMember, ResendInvitation, WithdrawInvitation, load_member,
    },
    domain::{
        error::{Answer, Fault},
        flash::Flash,
        member::{AccessScope, MemberChange, MemberSheet, MemberStatus, check_change},
        person::MemberDetails,
        role::{Permission, Role},
    },
    i18n::*,
    text,
    ui::{
        answer::{Loading, alert, answer_view},
        dialog::{ConfirmDialog, Opener, closing},
        espace::{EspacePage, espace_id, use_current_espace},
        flash::{field_value, flash_answer, page_flash, provide_island_flash, typed},
        form::{TextField, refused_fields, shown_problem},
        own_profile::{ContactFields, ContactValues},
        title::PageTitle,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::{use_params_map, use_query_map};

/// The three-dots menu's changes for a member in `status`: those the lifecycle allows (the
/// domain rule; the last-administrator check stays with the server, which explains a refusal).
/// A pending invitation is withdrawn rather than deleted.
fn menu(sheet: &MemberSheet) -> Vec<MemberChange> {
    let pending = matches!(sheet.status, MemberStatus::Invited | MemberStatus::Expired);
    [
        MemberChange::Deactivate,
        MemberChange::Reactivate,
        MemberChange::Resend(()),
        MemberChange::Withdraw,
        MemberChange::Delete,
    ]
    .into_iter()
    .filter(|c| check_change(c, sheet.status, sheet.role, sheet.scope, 1).is_ok())
    .filter(|&c| !(pending && c == MemberChange::Delete))
    .collect()
}

/// The word the page's address names a menu change with (`?confirm=…`).
fn word(change: MemberChange) -> &'static str {
    match change {
        MemberChange::Deactivate => "deactivate",
        MemberChange::Reactivate => "reactivate",
        MemberChange::Delete => "delete",
        MemberChange::Resend(()) => "resend",
        MemberChange::Withdraw => "withdraw",
        MemberChange::Role(_) => "role",
        MemberChange::Scope(_) => "scope",
    }
}

/// The server function a change's form posts to.
fn form_url(change: MemberChange) -> &'static str {
    match change {
        MemberChange::Role(_) => ChangeRole::url(),
        MemberChange::Scope(_) => ChangeScope::url(),
        MemberChange::Deactivate => DeactivateMember::url(),
        MemberChange::Reactivate => ReactivateMember::url(),
        MemberChange::Delete => DeleteMember::url(),
        MemberChange::Resend(()) => ResendInvitation::url(),
        MemberChange::Withdraw => WithdrawInvitation::url(),
    }
}

type ChangeAnswer = Result<Answer<Option<MemberSheet>>, Fault>;

/// The change a plain post of this page came back from, with the server's answer.
fn came_back() -> Option<(MemberChange, ChangeAnswer)> {
    let role = typed::<ChangeRole>("role").and_then(|code| Role::from_code(&code));
    let scope = typed::<ChangeScope>("scope").and_then(|code| AccessScope::from_code(&code));
    [
        (
            Some(MemberChange::Deactivate),
            flash_answer::<DeactivateMember>(),
        ),
        (
            Some(MemberChange::Reactivate),
            flash_answer::<ReactivateMember>(),
        ),
        (Some(MemberChange::Delete), flash_answer::<DeleteMember>()),
        (
            Some(MemberChange::Resend(())),
            flash_answer::<ResendInvitation>(),
        ),
        (
            Some(MemberChange::Withdraw),
            flash_answer::<WithdrawInvitation>(),
        ),
        (role.map(MemberChange::Role), flash_answer::<ChangeRole>()),
        (
            scope.map(MemberChange::Scope),
            flash_answer::<ChangeScope>(),
        ),
    ]
    .into_iter()
    .find_map(|(change, answer)| Some((change?, answer?)))
}

/// The menu item's and the confirm button's label.
fn label(change: MemberChange, i18n: leptos_i18n::I18nContext<Locale>) -> String {
    match change {
        MemberChange::Deactivate => t_string!(i18n, sheet.deactivate),
        MemberChange::Reactivate => t_string!(i18n, sheet.reactivate),
        MemberChange::Delete => t_string!(i18n, sheet.delete),
        MemberChange::Resend(()) => t_string!(i18n, sheet.resend),
        MemberChange::Withdraw => t_string!(i18n, sheet.withdraw),
        MemberChange::Role(_) | MemberChange::Scope(_) => t_string!(i18n, common.save),
    }
    .to_string()
}

/// The question the confirmation dialog asks.
fn question(change: MemberChange, i18n: leptos_i18n::I18nContext<Locale>, name: String) -> String {
    match change {
        MemberChange::Deactivate => t_string!(i18n, sheet.confirm_deactivate, name).to_string(),
        MemberChange::Reactivate => t_string!(i18n, sheet.confirm_reactivate, name).to_string(),
        MemberChange::Delete => t_string!(i18n, sheet.confirm_delete, name).to_string(),
        MemberChange::Resend(()) => t_string!(i18n, sheet.confirm_resend, name).to_string(),
        MemberChange::Withdraw => t_string!(i18n, sheet.confirm_withdraw, name).to_string(),
        // edited in place, with their own Save button
        MemberChange::Role(_) | MemberChange::Scope(_) => String::new(),
    }
}

/// What the banner says once done.
fn done(change: MemberChange, i18n: leptos_i18n::I18nContext<Locale>) -> String {
    match change {
        MemberChange::Role(_) => t_string!(i18n, sheet.role_saved),
        MemberChange::Scope(_) => t_string!(i18n, sheet.scope_saved),
        MemberChange::Deactivate => t_string!(i18n, sheet.deactivated),
        MemberChange::Reactivate => t_string!(i18n, sheet.reactivated),
        MemberChange::Delete => t_string!(i18n, sheet.deleted),
        MemberChange::Resend(()) => t_string!(i18n, sheet.resent),
        MemberChange::Withdraw => t_string!(i18n, sheet.withdrawn),
    }
    .to_string()
}

#[component]
pub fn MemberSheetPage() -> impl IntoView {
    let id = espace_id();
    let params = use_params_map();
    let member_id = Memo::new(move |_| params.read().get("member_id").unwrap_or_default());
    let sheet = Resource::new(
        move || (id.get(), member_id.get()),
        |(e, m)| load_member(e, m.into()),
    );
    view! { <EspacePage page=move || view! { <SheetLoader sheet/> }/> }
}

#[component]
fn SheetLoader(sheet: Resource<Result<Answer<MemberSheet>, Fault>>) -> impl IntoView {
    let admin = use_current_espace().role.allows(Permission::ManageProfile);
    view! {
        <Suspense fallback=Loading>
            {move || sheet.get().map(|answer| answer_view(answer, move |sheet| view! { <Sheet sheet admin/> }))}
        </Suspense>
    }
}

#[component]
fn Sheet(sheet: MemberSheet, admin: bool) -> impl IntoView {
    let i18n = use_i18n();
    let base = crate::paths::users(&sheet.espace_id);
    let name = sheet.full_name();
    let invited = matches!(flash_answer::<InviteMember>(), Some(Ok(Ok(_))));
    let edited = matches!(flash_answer::<EditMember>(), Some(Ok(Ok(_))));
    // what the change this page came back from did, else "Invitation envoyée." after inviting
    let banner = move || match came_back() {
        Some((change, Ok(Ok(_)))) => {
            Some(view! { <p class="banner ok" role="status">{done(change, i18n)}</p> }.into_any())
        }
        Some((_, Ok(Err(refusal)))) => Some(alert(text::refusal(i18n.get_locale(), &refusal))),
        Some((_, Err(fault))) => Some(alert(text::fault(i18n.get_locale(), &fault))),
        None if edited => Some(
            view! { <p class="banner ok" role="status">{t!(i18n, sheet.details_saved)}</p> }
                .into_any(),
        ),
        None => invited.then(|| {
            view! { <p class="banner ok" role="status">{t!(i18n, sheet.invitation_sent)}</p> }
                .into_any()
        }),
    };
    view! {
        <PageTitle text=Signal::derive(move || format!("{} – {}", name, t_string!(i18n, profile.tab_users)))/>
        <div class="messages">{banner}</div>
        <SheetBody sheet admin base/>
    }
}

/// What the sheet's forms say which member they change.
#[derive(Clone)]
struct Target {
    espace_id: String,
    member_id: String,
    /// The sheet's own address, without query.
    path: String,
}

impl Target {
    fn hidden_fields(&self) -> impl IntoView + use<> {
        view! {
            <input type="hidden" name="espace_id" value=self.espace_id.clone()/>
            <input type="hidden" name="member_id" value=self.member_id.clone()/>
        }
    }
}

#[component]
fn SheetBody(sheet: MemberSheet, admin: bool, base: String) -> impl IntoView {
    let i18n = use_i18n();
    // a deleted member's or a withdrawn invitation's sheet is kept read-only
    let admin = admin && !sheet.status.removed();
    let name = sheet.full_name();
    let target = Target {
        espace_id: sheet.espace_id.to_string(),
        member_id: sheet.id.to_string(),
        path: crate::paths::member_sheet(&sheet.espace_id, &sheet.id),
    };
    let value = move |v: Option<String>| match v {
        Some(v) => view! { <dd>{v}</dd> }.into_any(),
        None => {
            view! { <dd class="not-specified">{t!(i18n, profile.not_specified)}</dd> }.into_any()
        }
    };
    let status = sheet.status;
    let deadline = sheet.invitation_expires_at;
    let certificate = match sheet.product {
        Some(product) => {
            let ssn = sheet.invited_ssn.to_string();
            view! { <dd>{ssn}" "<span class="muted">{move || format!("({})", text::product(i18n.get_locale(), product))}</span></dd> }.into_any()
        }
        None => view! { <dd>{sheet.invited_ssn.to_string()}</dd> }.into_any(),
    };
    let (role, scope) = (sheet.role, sheet.scope);
    let editable = admin && status.details_editable();
    // open when asked, and when a post of it came back refused (to the address without query)
    let editing = editable
        && (use_query_map().with_untracked(|q| q.get_str("edit") == Some(IDENTITY))
            || matches!(flash_answer::<EditMember>(), Some(Ok(Err(_)) | Err(_))));
    view! {
        <p class="breadcrumb-back"><a href=base>{t!(i18n, sheet.back_to_list)}</a></p>
        <div class="section-head">
            <h2>{name.clone()}</h2>
            {admin.then(|| view! { <ActionsMenu name=name.clone() changes=menu(&sheet) target=target.clone()/> })}
        </div>
        <p class="status-line">
            {t!(i18n, sheet.status_label)}" "
            <span class=format!("status status-{}", status.code())>{move || text::status(i18n.get_locale(), status)}</span>
            {move || match (status, deadline) {
                (MemberStatus::Invited, Some(at)) => format!(" – {}", t_string!(i18n, sheet.expires_on, date = text::date(i18n.get_locale(), at))),
                (MemberStatus::Expired, Some(at)) => format!(" – {}", t_string!(i18n, sheet.expired_on, date = text::date(i18n.get_locale(), at))),
                _ => String::new(),
            }}
        </p>
        <section class="sheet" aria-labelledby="heading-identity">
            <div class="section-head">
                <h3 id="heading-identity">{t!(i18n, sheet.identity)}</h3>
                {(editable && !editing).then(|| view! {
                    <Opener path=target.path.clone() name="edit" value=IDENTITY class="secondary"
                        label=Signal::derive(move || format!("{} – {}", t_string!(i18n, common.edit), t_string!(i18n, sheet.identity)))>
                        {t!(i18n, common.edit)}
                    </Opener>
                })}
            </div>
            {if editing {
                view! {
                    <MemberDetailsForm details=sheet.details() espace_id=target.espace_id.clone()
                        member_id=target.member_id.clone() cancel=closing(&target.path, "edit", IDENTITY)
                        flash=page_flash()/>
                }.into_any()
            } else {
                view! {
                    <dl class="grid">
                        <dt>{t!(i18n, invite.family_name)}</dt><dd>{sheet.family_name.clone()}</dd>
                        <dt>{t!(i18n, invite.given_name)}</dt><dd>{sheet.given_name.clone()}</dd>
                        <dt>{t!(i18n, invite.email)}</dt><dd>{sheet.email.clone()}</dd>
                        <dt>{t!(i18n, sheet.phone)}</dt>{value(sheet.phone.clone())}
                        <dt>{t!(i18n, sheet.mobile)}</dt>{value(sheet.mobile.clone())}
                        <dt>{t!(i18n, sheet.fax)}</dt>{value(sheet.fax.clone())}
                        <dt>{t!(i18n, sheet.function)}</dt>{value(sheet.function.clone())}
                    </dl>
                }.into_any()
            }}
            <dl class="grid">
                <dt>{t!(i18n, sheet.certificate)}</dt>{certificate}
                {sheet.invited_by.clone().map(|by| view! { <dt>{t!(i18n, sheet.invited_by)}</dt><dd>{by}</dd> })}
            </dl>
        </section>
        <Editable
            heading=Signal::derive(move || t_string!(i18n, sheet.scope_heading).to_string())
            shown=Signal::derive(move || scope_sentence(i18n, scope))
            admin target=target.clone() change=MemberChange::Scope(scope)
            options=vec![AccessScope::ThisCertificate.code(), AccessScope::AllCertificates.code()]
            current=scope.code()
            describe=|i, code| (scope_sentence(i, AccessScope::from_code(code).unwrap_or(AccessScope::ThisCertificate)), None)/>
        <Editable
            heading=Signal::derive(move || t_string!(i18n, sheet.role_heading).to_string())
            shown=Signal::derive(move || text::role(i18n.get_locale(), role))
            admin target change=MemberChange::Role(role)
            options=Role::ALL.iter().map(|r| r.code()).collect()
            current=role.code()
            describe=|i, code| {
                let role = Role::from_code(code).unwrap_or(Role::WithoutSignature);
                (text::role(i.get_locale(), role), Some(role_hint(i, role)))
            }/>
    }
}

/// The word of `?edit=…` that opens the identity's form.
const IDENTITY: &str = "identity";

/// "Identité" → "Éditer" (help "Edit and then save the member"): the member's names and contact
/// details, checked as typed by the rule the server applies; posted as it is without JavaScript.
/// What a refused post typed comes back in the fields.
#[island]
fn MemberDetailsForm(
    details: MemberDetails,
    espace_id: String,
    member_id: String,
    cancel: String,
    flash: Option<Flash>,
) -> impl IntoView {
    provide_island_flash(flash);
    let i18n = use_i18n();
    let answer = flash_answer::<EditMember>();
    let refused = matches!(answer, Some(Ok(Err(_)) | Err(_)));
    let field = |name: &str, value| field_value::<EditMember>(refused, name, value);
    let MemberDetails {
        given_name,
        family_name,
        contact,
    } = details;
    let given_name = field("given_name", Some(given_name));
    let family_name = field("family_name", Some(family_name));
    let values = ContactValues::new(contact, field);
    let touched = RwSignal::new(false);
    let local_errors = move || {
        let contact = values.typed();
        MemberDetails::validate(
            &given_name.get(),
            &family_name.get(),
            contact.each_ref().map(String::as_str),
        )
        .err()
        .unwrap_or_default()
    };
    let server_errors = refused_fields(answer.clone());
    let problem = move |name: &'static str| {
        let server_errors = server_errors.clone();
        Signal::derive(move || shown_problem(touched.get(), &local_errors(), &server_errors, name))
    };
    let failure = match answer {
        Some(Ok(Err(refusal))) => Some(text::refusal(i18n.get_locale_untracked(), &refusal)),
        Some(Err(fault)) => Some(text::fault(i18n.get_locale_untracked(), &fault)),
        _ => None,
    };
    let label = move |key: fn(leptos_i18n::I18nContext<Locale>) -> String| {
        Signal::derive(move || key(i18n))
    };
    view! {
        {failure.map(alert)}
        <form method="post" action=EditMember::url() novalidate=true on:input=move |_| touched.set(true)
            on:submit=move |ev| {
                touched.set(true);
                if !local_errors().is_empty() {
                    ev.prevent_default();
                }
            }>
            <input type="hidden" name="espace_id" value=espace_id/>
            <input type="hidden" name="member_id" value=member_id/>
            <TextField name="family_name" autocomplete="off" required=true value=family_name
                label=label(|i| t_string!(i, invite.family_name).to_string()) problem=problem("family_name")/>
            <TextField name="given_name" autocomplete="off" required=true value=given_name
                label=label(|i| t_string!(i, invite.given_name).to_string()) problem=problem("given_name")/>
            <ContactFields values problem someone_else=true/>
            <div class="actions">
                <button type="submit">{t!(i18n, common.save)}</button>
                <a class="button secondary" href=cancel>{t!(i18n, common.cancel)}</a>
            </div>
        </form>
    }
}

/// Help "Ajouter un utilisateur": "Restriction d'accès à cet espace : L'utilisateur peut utiliser uniquement le
/// certificat indiqué ci-dessus".
fn scope_sentence(i18n: leptos_i18n::I18nContext<Locale>, scope: AccessScope) -> String {
    match scope {
        AccessScope::ThisCertificate => t_string!(i18n, sheet.scope_this),
        AccessScope::AllCertificates => t_string!(i18n, sheet.scope_all),
    }
    .to_string()
}

/// A section showing one value with "Edit"; editing shows the choices with "Save" / "Cancel".
/// "Edit" is a link to the sheet with `?edit=role` (or `scope`), so it opens without
/// JavaScript; the form posts the choice to the change's server function.
#[component]
fn Editable(
    heading: Signal<String>,
    shown: Signal<String>,
    admin: bool,
    target: Target,
    /// The change this section makes, as it stands (its value is replaced by the choice).
    change: MemberChange,
    options: Vec<&'static str>,
    current: &'static str,
    describe: fn(leptos_i18n::I18nContext<Locale>, &str) -> (String, Option<String>),
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let field = word(change);
    let editing = Memo::new(move |_| admin && query.read().get_str("edit") == Some(field));
    let choice = RwSignal::new(current.to_owned());
    let options = StoredValue::new(options);
    let heading_id = format!("heading-{current}");
    let labelled_by = heading_id.clone();
    let path = target.path.clone();
    let target = StoredValue::new(target);
    view! {
        <section class="sheet" aria-labelledby=labelled_by>
            <div class="section-head">
                <h3 id=heading_id>{move || heading.get()}</h3>
                {move || (admin && !editing.get()).then(|| view! {
                    <Opener path=path.clone() name="edit" value=field class="secondary"
                        label=Signal::derive(move || format!("{} – {}", t_string!(i18n, common.edit), heading.get()))>
                        {t!(i18n, common.edit)}
                    </Opener>
                })}
            </div>
            <Show when=move || editing.get() fallback=move || view! { <p>{move || shown.get()}</p> }>
                <form method="post" action=form_url(change)>
                    {target.with_value(Target::hidden_fields)}
                    <crate::ui::form::Choices name=field legend=heading problem=Signal::derive(|| None)
                        value=choice options=options.get_value() describe/>
                    <div class="actions">
                        <button type="submit">{t!(i18n, common.save)}</button>
                        <a class="button secondary" href=target.with_value(|t| closing(&t.path, "edit", field))>{t!(i18n, common.cancel)}</a>
                    </div>
                </form>
            </Show>
        </section>
    }
}

/// The three-dots menu of the sheet: each item a link that opens its confirmation
/// (`?confirm=…`), whose form makes the change. Cancelling comes back with `?closed=menu`,
/// which puts the focus back on the menu, as a person who opened it expects.
#[component]
fn ActionsMenu(name: String, changes: Vec<MemberChange>, target: Target) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let (chosen, closed) = query.with_untracked(|query| {
        let chosen = query
            .get_str("confirm")
            .and_then(|asked| changes.iter().copied().find(|c| word(*c) == asked));
        (chosen, query.get_str("closed") == Some("menu"))
    });
    let menu_label = {
        let name = name.clone();
        move || t_string!(i18n, sheet.actions_for, name = name.clone()).to_string()
    };
    let target = StoredValue::new(target);
    view! {
        <details class="menu actions-menu">
            <summary aria-label=menu_label.clone() title=menu_label autofocus=closed>"⋮"</summary>
            <div class="menu-panel">
                <ul>
                    {changes.into_iter().map(|change| view! {
                        <li>
                            <Opener path=target.with_value(|t| t.path.clone()) name="confirm" value=word(change) class="link">
                                {move || label(change, i18n)}
                            </Opener>
                        </li>
                    }).collect_view()}
                </ul>
            </div>
        </details>
        {chosen.map(|change| {
            let name = name.clone();
            view! {
                <ConfirmDialog
                    title=Signal::derive(move || label(change, i18n))
                    text=Signal::derive(move || question(change, i18n, name.clone()))
                    confirm=Signal::derive(move || label(change, i18n))
                    action=form_url(change)
                    back=target.with_value(|t| format!("{}?closed=menu", t.path))>
                    {target.with_value(Target::hidden_fields)}
                </ConfirmDialog>
            }
        })}
    }
}
