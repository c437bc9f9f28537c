//! The portal's calendar: Luxembourg time (Europe/Luxembourg, CET with its summer time), in
//! which every date and time is shown and every date typed is meant, on the server and in the
//! browser alike. Moments are kept as Unix seconds; only their reading depends on the zone.

use crate::domain::timestamp::Timestamp;
use jiff::tz::TimeZone;
use time::{Date, OffsetDateTime, UtcOffset, macros::format_description};

/// The zone's rules, compiled in (jiff-static): no time zone database is read at run time.
static LUXEMBOURG: TimeZone = jiff::tz::get!("Europe/Luxembourg");

/// Luxembourg's offset from UTC at a moment (Unix seconds): +1 h, +2 h in summer.
fn offset_at(at: Timestamp) -> UtcOffset {
    let seconds = jiff::Timestamp::from_second(at.unix())
        .map(|moment| LUXEMBOURG.to_offset(moment).seconds())
        .unwrap_or(3600);
    UtcOffset::from_whole_seconds(seconds).unwrap_or(UtcOffset::UTC)
}

/// A moment (Unix seconds) as a Luxembourg clock and calendar show it.
pub fn local(at: Timestamp) -> Option<OffsetDateTime> {
    Some(
        OffsetDateTime::from_unix_timestamp(at.unix())
            .ok()?
            .to_offset(offset_at(at)),
    )
}

/// The last second of a `YYYY-MM-DD` day in Luxembourg, as date fields send it: a deadline or
/// an end of use typed as "30/06/2027" lasts until midnight there.
pub fn end_of_day(date: &str) -> Option<Timestamp> {
    let format = format_description!("[year]-[month]-[day]");
    let day = Date::parse(date.trim(), &format).ok()?;
    let last = day.with_hms(23, 59, 59).ok()?;
    // the offset of that evening: summer time changes at night (01:00 UTC), never at 23:59
    let guess = Timestamp::from_unix(last.assume_utc().unix_timestamp());
    Some(Timestamp::from_unix(
        last.assume_offset(offset_at(guess)).unix_timestamp(),
    ))
}

/// The `YYYY-MM-DD` day in Luxembourg of a moment, as date fields show it.
pub fn day_of(at: Timestamp) -> String {
    let format = format_description!("[year]-[month]-[day]");
    local(at)
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_default()
}

/// The year in Luxembourg of a moment.
pub fn year_of(at: Timestamp) -> i32 {
    local(at).map_or(1970, |t| t.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn winter_is_an_hour_ahead_of_utc_and_summer_two() {
        // 2027-01-15T12:00:00Z and 2027-07-15T12:00:00Z
        let winter = local(Timestamp::from_unix(1_800_014_400)).unwrap();
        assert_eq!((winter.hour(), winter.offset().whole_hours()), (13, 1));
        let summer = local(Timestamp::from_unix(1_815_652_800)).unwrap();
        assert_eq!((summer.hour(), summer.offset().whole_hours()), (14, 2));
    }

    #[test]
    fn summer_time_starts_and_ends_on_the_last_sundays_of_march_and_october() {
        // 2027-03-28T00:59:59Z is 01:59:59 CET; a second later it is 03:00:00 CEST
        let before = local(Timestamp::from_unix(1_806_195_599)).unwrap();
        let after = local(Timestamp::from_unix(1_806_195_600)).unwrap();
        assert_eq!((before.hour(), before.minute()), (1, 59));
        assert_eq!((after.hour(), after.minute()), (3, 0));
        // 2027-10-31T00:59:59Z is 02:59:59 CEST; a second later 02:00:00 CET
        assert_eq!(
            local(Timestamp::from_unix(1_824_944_399)).unwrap().hour(),
            2
        );
        assert_eq!(
            local(Timestamp::from_unix(1_824_944_400))
                .unwrap()
                .offset()
                .whole_hours(),
            1
        );
    }

    #[test]
    fn a_day_typed_lasts_until_midnight_in_luxembourg() {
        let summer = end_of_day("2027-06-30").unwrap();
        assert_eq!(summer, Timestamp::from_unix(1_814_392_799)); // 2027-06-30T21:59:59Z
        assert_eq!(day_of(summer), "2027-06-30");
        assert_eq!(day_of(summer + 1), "2027-07-01");
        let winter = end_of_day("2027-12-31").unwrap();
        assert_eq!(winter, Timestamp::from_unix(1_830_293_999)); // 2027-12-31T22:59:59Z
        assert_eq!(year_of(winter), 2027);
        assert_eq!(
            year_of(winter + 1),
            2028,
            "New Year comes an hour before UTC's"
        );
        assert_eq!(end_of_day("2027-02-30"), None);
    }
}
