//! The invitee's side (help "Respond to an invitation", help "Ajouter un utilisateur" steps 11–13):
//! the invitations of the session's certificate on the home page, each accepted ("Accept", then
//! "Yes") or refused; and the page behind the email's link, which always says what to do, never a
//! bare "not found".

use super::{
    answer::{Loading, answer_view, failure},
    dialog::{ConfirmDialog, Opener, closing},
    flash::flash_answer,
    title::PageTitle,
};
use crate::{
    api::{
        invitations::{
            AcceptInvitation, RefuseInvitation, RequestNewInvitation, my_invitations,
            open_invitation,
        },
        session::SignOut,
    },
    domain::{
        error::{Answer, Fault},
        invitation::{LinkView, PendingInvitation},
    },
    i18n::*,
    text,
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::{use_location, use_params_map, use_query_map};

pub type InvitationsResource = Resource<Result<Answer<Vec<PendingInvitation>>, Fault>>;

/// The invitations of the session's certificate. Created by the page itself, not inside the
/// closure that shows it: a resource created there may be created again when the closure
/// re-runs during server rendering, and the browser would then hydrate against other data.
pub fn invitations_resource() -> InvitationsResource {
    Resource::new(|| (), |_| my_invitations())
}

/// The home page's list of the session certificate's invitations; hidden when there are none.
#[component]
pub fn MyInvitations(invitations: InvitationsResource) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <AnswerNotice/>
        <Suspense fallback=|| ()>
            {move || invitations.get().map(|answer| answer_view(answer, move |list: Vec<PendingInvitation>| {
                // always the same element, hidden when empty: hydration then meets what the
                // server rendered whatever the list holds
                let empty = list.is_empty();
                view! {
                    <section class="card invitations" aria-labelledby="invitations-title" hidden=empty>
                        <h2 id="invitations-title">{t!(i18n, invitations.title)}</h2>
                        <ul class="invitation-list">
                            {list.into_iter().map(|invitation| view! {
                                <li><InvitationCard invitation/></li>
                            }).collect_view()}
                        </ul>
                    </section>
                }
            }))}
        </Suspense>
    }
}

/// One invitation: who invites, to which eSpace, in which role, until when; "Accept" asks
/// "Yes"/"No" before joining, "Refuse" asks before refusing and then says it is done. Each
/// question is a confirmation the address opens (`?accept=…`, `?refuse=…`) holding the form
/// that answers, so it works without JavaScript.
#[component]
fn InvitationCard(invitation: PendingInvitation) -> impl IntoView {
    let i18n = use_i18n();
    let PendingInvitation {
        member_id,
        espace_name,
        inviter,
        invited_ssn,
        role,
        expires_at,
        expired,
        ..
    } = invitation;
    let query = use_query_map();
    // the page the card is on: the home page, or the invitation link's
    let page = use_location().pathname.get_untracked();
    let inviter = inviter.unwrap_or_default();
    let description = {
        let (espace, inviter) = (espace_name.clone(), inviter.clone());
        move || {
            t_string!(
                i18n,
                invitations.invited_by,
                inviter = inviter.clone(),
                espace = espace.clone(),
                role = text::role(i18n.get_locale(), role)
            )
            .to_string()
        }
    };
    if expired {
        let (espace, inviter) = (espace_name.clone(), inviter.clone());
        return view! {
            <article class="invitation expired">
                <h3>{espace_name}</h3>
                <p>{move || t_string!(i18n, invitations.expired, espace = espace.clone(),
                    date = text::date(i18n.get_locale(), expires_at), inviter = inviter.clone()).to_string()}</p>
            </article>
        }
        .into_any();
    }
    let ids = StoredValue::new((member_id.clone(), page.clone(), espace_name.clone()));
    let asked = move |key: &str| {
        ids.with_value(|(id, _, _)| query.read().get_str(key) == Some(id.as_str()))
    };
    let hidden = move || {
        view! { <input type="hidden" name="member_id" value=ids.with_value(|(id, _, _)| id.to_string())/> }
    };
    view! {
        <article class="invitation">
            <h3>{espace_name.clone()}</h3>
            <p>{description}</p>
            <p class="muted">
                {move || t_string!(i18n, invitations.certificate, ssn = invited_ssn.to_string()).to_string()}
                " · "
                {move || t_string!(i18n, invitations.valid_until, date = text::date(i18n.get_locale(), expires_at)).to_string()}
            </p>
            <div class="actions">
                <Opener path=page.clone() name="accept" value=member_id.to_string()>{t!(i18n, invitations.accept)}</Opener>
                <Opener path=page.clone() name="refuse" value=member_id.to_string() class="secondary">{t!(i18n, invitations.refuse)}</Opener>
            </div>
            {move || asked("accept").then(|| {
                let (id, page, espace) = ids.get_value();
                view! {
                    <ConfirmDialog
                        title=Signal::derive(move || t_string!(i18n, invitations.accept).to_string())
                        text=Signal::derive(move || t_string!(i18n, invitations.confirm_accept, espace = espace.clone()).to_string())
                        confirm=Signal::derive(move || t_string!(i18n, common.yes).to_string())
                        cancel=Signal::derive(move || t_string!(i18n, common.no).to_string())
                        action=AcceptInvitation::url() back=closing(&page, "accept", id.as_str())>
                        {hidden()}
                    </ConfirmDialog>
                }
            })}
            {move || asked("refuse").then(|| {
                let (id, page, _) = ids.get_value();
                view! {
                    <ConfirmDialog
                        title=Signal::derive(move || t_string!(i18n, invitations.refuse).to_string())
                        text=Signal::derive(move || t_string!(i18n, invitations.confirm_refuse).to_string())
                        confirm=Signal::derive(move || t_string!(i18n, invitations.refuse).to_string())
                        action=RefuseInvitation::url() back=closing(&page, "refuse", id.as_str())>
                        {hidden()}
                    </ConfirmDialog>
                }
            })}
        </article>
    }
    .into_any()
}

/// How an answer to an invitation went, above the list, since the invitation is gone from it
/// once answered (or withdrawn meanwhile): "Invitation refusée.", or why it could not be.
#[component]
fn AnswerNotice() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    match flash_answer::<RefuseInvitation>() {
        Some(Ok(Ok(_))) => Some(
            view! { <p class="banner ok" role="status">{t!(i18n, invitations.refused)}</p> }
                .into_any(),
        ),
        refused => {
            failure(locale, refused).or_else(|| failure(locale, flash_answer::<AcceptInvitation>()))
        }
    }
}

/// The page behind the link of an invitation email.
#[component]
pub fn InvitationLinkPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let secret = Memo::new(move |_| params.read().get("secret").unwrap_or_default());
    let view_of = Resource::new(move || secret.get(), open_invitation);
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, invitations.link_title).to_string())/>
        <section class="card narrow">
            <h1>{t!(i18n, invitations.link_title)}</h1>
            <AnswerNotice/>
            <Suspense fallback=Loading>
                {move || view_of.get().map(|answer| answer_view(answer, move |link| view! {
                    <LinkState link secret=secret.get_untracked()/>
                }))}
            </Suspense>
        </section>
    }
}

#[component]
fn LinkState(link: LinkView, secret: String) -> impl IntoView {
    let i18n = use_i18n();
    match link {
        LinkView::ForYou(invitation) => view! { <InvitationCard invitation/> }.into_any(),
        LinkView::SignIn { espace_name, invited_ssn } => view! {
            <p>{move || t_string!(i18n, invitations.for_certificate, espace = espace_name.clone(), ssn = invited_ssn.to_string()).to_string()}</p>
            <p>{t!(i18n, invitations.sign_in_first)}</p>
            <p><a class="button" href="/login">{t!(i18n, header.sign_in)}</a></p>
        }
        .into_any(),
        LinkView::OtherCertificate { espace_name, invited_ssn, used_ssn } => view! {
            <p role="alert" class="banner error">
                {move || t_string!(i18n, invitations.other_certificate, espace = espace_name.clone(),
                    ssn = invited_ssn.to_string(), used = used_ssn.to_string()).to_string()}
            </p>
            <p>{t!(i18n, invitations.how_to_find_ssn)}</p>
            <form method="post" action=SignOut::url()>
                <button type="submit">{t!(i18n, invitations.sign_out_to_switch)}</button>
            </form>
        }
        .into_any(),
        LinkView::Expired { espace_name, inviter, renewal_requested } => {
            let answer = flash_answer::<RequestNewInvitation>();
            let requested = renewal_requested || matches!(answer, Some(Ok(Ok(()))));
            let inviter = inviter.unwrap_or_default();
            view! {
                <p>{move || t_string!(i18n, invitations.link_expired, espace = espace_name.clone(), inviter = inviter.clone()).to_string()}</p>
                {failure(i18n.get_locale_untracked(), answer)}
                {if requested {
                    view! { <p class="banner ok" role="status">{t!(i18n, invitations.requested)}</p> }.into_any()
                } else {
                    view! {
                        <form method="post" action=RequestNewInvitation::url()>
                            <input type="hidden" name="secret" value=secret/>
                            <button type="submit">{t!(i18n, invitations.request_new)}</button>
                        </form>
                    }.into_any()
                }}
            }
            .into_any()
        }
        LinkView::NoLongerValid => view! {
            <p>{t!(i18n, invitations.no_longer_valid)}</p>
            <p><a class="button" href="/">{t!(i18n, not_found.back_home)}</a></p>
        }
        .into_any(),
    }
}
