//! The Users tab (help "Adding users" step 4, help "View the list of members"): every member with
//! role, access restriction and status, searched, filtered and paged through the address (so a
//! filtered list can be bookmarked, and works before the page is hydrated). Administrators also get
//! "Add a user", the CSV import and the activity log.

pub mod activity;
pub mod add;
pub mod bulk;
pub mod sheet;

use super::{
    answer::{Loading, answer_view},
    espace::{EspacePage, espace_id, use_current_espace},
    flash::flash_answer,
};
use crate::{
    api::users::{DeleteMember, WithdrawInvitation, list_members},
    domain::{
        error::{Answer, Fault},
        member::{MemberPage, MemberStatus},
        role::{Permission, Role},
    },
    i18n::*,
    text,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// What the list shows: the address parameters, kept as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Filters {
    search: String,
    role: String,
    status: String,
    page: String,
}

impl Filters {
    fn href(&self, base: &str, page: u32) -> String {
        let query = form_urlencoded::Serializer::new(String::new())
            .append_pair("search", &self.search)
            .append_pair("role", &self.role)
            .append_pair("status", &self.status)
            .append_pair("page", &page.to_string())
            .finish();
        format!("{base}?{query}")
    }

    fn any(&self) -> bool {
        !(self.search.is_empty() && self.role.is_empty() && self.status.is_empty())
    }
}

#[component]
pub fn UsersTab() -> impl IntoView {
    let id = espace_id();
    let query = use_query_map();
    let filters = Memo::new(move |_| {
        let q = query.read();
        let get = |key: &str| q.get(key).unwrap_or_default();
        Filters {
            search: get("search"),
            role: get("role"),
            status: get("status"),
            page: get("page"),
        }
    });
    let members = Resource::new(
        move || (id.get(), filters.get()),
        |(id, f)| list_members(id, f.search, f.role, f.status, f.page),
    );
    view! { <EspacePage page=move || view! { <UsersList members filters/> }/> }
}

#[component]
fn UsersList(
    members: Resource<Result<Answer<MemberPage>, Fault>>,
    filters: Memo<Filters>,
) -> impl IntoView {
    let i18n = use_i18n();
    let espace = use_current_espace();
    let admin = espace.role.allows(Permission::ManageProfile);
    let base = crate::paths::users(&espace.profile.id);
    let list_base = base.clone();
    // a member deleted, or an invitation withdrawn, without JavaScript: their sheet is gone
    let deleted = matches!(flash_answer::<DeleteMember>(), Some(Ok(Ok(_))));
    let withdrawn = matches!(flash_answer::<WithdrawInvitation>(), Some(Ok(Ok(_))));
    view! {
        {(deleted || withdrawn).then(|| view! {
            <p class="banner ok" role="status">{move || if deleted {
                t_string!(i18n, sheet.deleted).to_string()
            } else {
                t_string!(i18n, sheet.withdrawn).to_string()
            }}</p>
        })}
        <div class="section-head">
            <h2>{t!(i18n, profile.tab_users)}</h2>
            {admin.then(|| view! {
                <div class="actions">
                    <a class="button" href=format!("{base}/new")>{t!(i18n, users.add)}</a>
                    <a class="button secondary" href=format!("{base}/import")>{t!(i18n, bulk.title)}</a>
                    <a class="button secondary" href=format!("{base}/activity")>{t!(i18n, activity.title)}</a>
                </div>
            })}
        </div>
        <SearchForm filters/>
        <Suspense fallback=Loading>
            {move || {
                let base = list_base.clone();
                members.get().map(|answer| answer_view(answer, move |page| {
                    view! { <MemberTable page filters=filters.get_untracked() base/> }
                }))
            }}
        </Suspense>
    }
}

/// Search and filters as a GET form: submitting changes the address, which loads the list.
#[component]
fn SearchForm(filters: Memo<Filters>) -> impl IntoView {
    let i18n = use_i18n();
    let current = filters.get_untracked();
    let selected = |value: &str, current: &str| value == current;
    view! {
        <form method="get" class="filters" role="search">
            <div class="field">
                <label for="field-search">{t!(i18n, users.search)}</label>
                <input type="search" id="field-search" name="search" value=current.search.clone()
                    maxlength=crate::domain::search::MAX_CHARS/>
            </div>
            <div class="field">
                <label for="field-role-filter">{t!(i18n, users.role)}</label>
                <select id="field-role-filter" name="role">
                    <option value="">{t!(i18n, users.all_roles)}</option>
                    {Role::ALL.into_iter().map(|r| view! {
                        <option value=r.code() selected=selected(r.code(), &current.role)>
                            {move || text::role(i18n.get_locale(), r)}
                        </option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="field-status-filter">{t!(i18n, users.status)}</label>
                <select id="field-status-filter" name="status">
                    <option value="">{t!(i18n, users.all_statuses)}</option>
                    {MemberStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.code() selected=selected(s.code(), &current.status)>
                            {move || text::status(i18n.get_locale(), s)}
                        </option>
                    }).collect_view()}
                </select>
            </div>
            <div class="actions">
                <button type="submit">{t!(i18n, users.search_button)}</button>
                <Show when=move || filters.get().any()>
                    <a class="button secondary" href="?">{t!(i18n, users.clear_filters)}</a>
                </Show>
            </div>
        </form>
    }
}

#[component]
fn MemberTable(page: MemberPage, filters: Filters, base: String) -> impl IntoView {
    let i18n = use_i18n();
    let total = page.total;
    let (number, count) = (page.page, page.page_count());
    if page.members.is_empty() {
        let text = if filters.any() {
            t_string!(i18n, users.no_match).to_string()
        } else {
            t_string!(i18n, users.empty).to_string()
        };
        return view! { <p class="empty">{text}</p> }.into_any();
    }
    let previous = (number > 1).then(|| filters.href(&base, number - 1));
    let next = (number < count).then(|| filters.href(&base, number + 1));
    view! {
        <p class="count" role="status">{move || t_string!(i18n, users.count, count = total).to_string()}</p>
        <div class="table-scroll" tabindex="0"><table class="members">
            <caption class="visually-hidden">{t!(i18n, users.list_caption)}</caption>
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, users.name)}</th>
                    <th scope="col">{t!(i18n, users.email)}</th>
                    <th scope="col">{t!(i18n, users.role)}</th>
                    <th scope="col">{t!(i18n, users.scope)}</th>
                    <th scope="col">{t!(i18n, users.status)}</th>
                </tr>
            </thead>
            <tbody>
                {page.members.into_iter().map(|m| view! {
                    <tr>
                        <th scope="row"><a href=format!("{base}/{}", m.id)>{format!("{} {}", m.given_name, m.family_name)}</a></th>
                        <td>{m.email}</td>
                        <td>{move || text::role(i18n.get_locale(), m.role)}</td>
                        <td>{move || text::scope(i18n.get_locale(), m.scope)}</td>
                        <td><span class=format!("status status-{}", m.status.code())>{move || text::status(i18n.get_locale(), m.status)}</span></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table></div>
        {(count > 1).then(|| view! {
            <nav class="pagination" aria-label=move || t_string!(i18n, users.pagination).to_string()>
                {previous.map(|href| view! { <a href=href rel="prev">{t!(i18n, users.previous)}</a> })}
                <span>{move || t_string!(i18n, users.page_of, page = number, count = count).to_string()}</span>
                {next.map(|href| view! { <a href=href rel="next">{t!(i18n, users.next)}</a> })}
            </nav>
        })}
    }
    .into_any()
}
