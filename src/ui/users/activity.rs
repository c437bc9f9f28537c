//! The activity log of the eSpace (beyond the seeds), for administrators: who did what to whom,
//! and when, newest first.

use crate::{
    api::users::activity_log,
    domain::{
        activity::ActivityPage,
        error::{Answer, Fault},
    },
    i18n::*,
    text,
    ui::{
        answer::{Loading, answer_view},
        espace::{EspacePage, espace_id, use_current_espace},
        title::PageTitle,
    },
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ActivityPageView() -> impl IntoView {
    let id = espace_id();
    let query = use_query_map();
    let page = Memo::new(move |_| {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<u32>().ok())
            .filter(|p| *p >= 1)
            .unwrap_or(1)
    });
    let log = Resource::new(
        move || (id.get(), page.get()),
        |(id, page)| activity_log(id, page),
    );
    view! { <EspacePage page=move || view! { <ActivityLog log/> }/> }
}

#[component]
fn ActivityLog(log: Resource<Result<Answer<ActivityPage>, Fault>>) -> impl IntoView {
    let i18n = use_i18n();
    let base = crate::paths::users(&use_current_espace().profile.id);
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, activity.title).to_string())/>
        <p class="breadcrumb-back"><a href=base.clone()>{t!(i18n, sheet.back_to_list)}</a></p>
        <h2>{t!(i18n, activity.title)}</h2>
        <p>{t!(i18n, activity.intro)}</p>
        <Suspense fallback=Loading>
            {move || {
                let base = base.clone();
                log.get().map(|answer| answer_view(answer, move |page| view! { <Entries page base/> }))
            }}
        </Suspense>
    }
}

#[component]
fn Entries(page: ActivityPage, base: String) -> impl IntoView {
    let i18n = use_i18n();
    if page.entries.is_empty() {
        return view! { <p class="empty">{t!(i18n, activity.empty)}</p> }.into_any();
    }
    let href = move |p: u32| format!("{base}/activity?page={p}");
    let newer = (page.page > 1).then(|| href(page.page - 1));
    let older = page.has_more.then(|| href(page.page + 1));
    view! {
        <div class="table-scroll" tabindex="0"><table class="activity">
            <caption class="visually-hidden">{t!(i18n, activity.title)}</caption>
            <thead><tr>
                <th scope="col">{t!(i18n, activity.when)}</th>
                <th scope="col">{t!(i18n, activity.what)}</th>
            </tr></thead>
            <tbody>
                {page.entries.into_iter().map(|entry| {
                    let at = entry.at;
                    view! {
                        <tr>
                            <td class="nowrap">{move || text::date_time(i18n.get_locale(), at)}</td>
                            <td>{move || text::activity(i18n.get_locale(), &entry)}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table></div>
        {(newer.is_some() || older.is_some()).then(|| view! {
            <nav class="pagination" aria-label=move || t_string!(i18n, users.pagination).to_string()>
                {newer.map(|h| view! { <a href=h rel="prev">{t!(i18n, activity.newer)}</a> })}
                {older.map(|h| view! { <a href=h rel="next">{t!(i18n, activity.older)}</a> })}
            </nav>
        })}
    }
    .into_any()
}
