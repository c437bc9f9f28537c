//! Certifications and mandates as an eSpace sees them (help "Managing mandates"): registering an
//! owner code certifies the eSpace for a domain; a proxy code registered by another eSpace makes it
//! the company's representative there. The principal defines the mandate's scope and end of use,
//! revokes it, or has the administration send new codes.

use super::code::coded;
use super::id::CompanyId;
use super::{
    access_code::{CodeKind, Domain},
    calendar::end_of_day,
    certification::CertificationRequest,
    validation::Problem,
};
use crate::domain::timestamp::Timestamp;
use serde::{Deserialize, Serialize};

/// A certification of the eSpace (its owner code) or a mandate (a proxy code), as the
/// Certifications tab lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    /// The code's id (a `CodeId`: what the principal acts on), or, for a certification an
    /// approved certification request gave, that request's id: text, as it names either.
    pub id: String,
    pub domain: Domain,
    /// The company's national identifier.
    pub company: CompanyId,
    /// For a mandate: the other side's eSpace name (the representative's for mandates given,
    /// the principal's, when certified, for mandates received).
    pub counterpart: Option<String>,
    pub scope: MandateScope,
    pub since: Timestamp,
    pub ends: EndsOfUse,
    pub status: RegistrationStatus,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RegistrationStatus {
    Active,
    /// Past its end-of-use date: grants nothing.
    Ended,
    Revoked,
}

impl RegistrationStatus {
    pub fn at(until: Option<Timestamp>, revoked: bool, now: Timestamp) -> Self {
        if revoked {
            RegistrationStatus::Revoked
        } else if until.is_some_and(|until| until < now) {
            RegistrationStatus::Ended
        } else {
            RegistrationStatus::Active
        }
    }
}

coded! {
    /// What a mandate lets the representative do (help "Managing mandates": "used for procedures and/or
    /// the consultation of data"); the principal defines it, all of it until then.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
    pub enum MandateScope {
        #[default]
        ProceduresAndData = "procedures_and_data",
        Procedures = "procedures",
        Data = "data",
    }
}

impl MandateScope {
    /// May the representative file procedures for the principal?
    pub fn allows_procedures(self) -> bool {
        self != MandateScope::Data
    }

    /// May the representative consult the principal's data?
    pub fn allows_data(self) -> bool {
        self != MandateScope::Procedures
    }
}

/// What a principal changes in a mandate it gave (help "Principal").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MandateChange {
    Revoke,
    /// The new end of use (Unix seconds), or none; the administration's or the principal's.
    EndOfUse(Option<Timestamp>),
    Scope(MandateScope),
    /// "Change the representative's codes": the code in use is revoked and the administration
    /// is asked for a new proxy code, which it sends by post like the first.
    RenewCodes,
}

/// A mandate's new end of use as the principal types it: empty for none, else a day not
/// already past and, when the administration has set one, before it (help "Principal": the end
/// is "defined by the administration or the principal"; the principal shortens the mandate,
/// never extends it past the administration's date).
pub fn end_of_use(
    typed: &str,
    now: Timestamp,
    administration: Option<Timestamp>,
) -> Result<Option<Timestamp>, Problem> {
    if typed.trim().is_empty() {
        return Ok(None);
    }
    let end = end_of_day(typed).ok_or(Problem::Date)?;
    if end < now {
        return Err(Problem::DateInPast);
    }
    if let Some(limit) = administration.filter(|limit| end > *limit) {
        return Err(Problem::AfterAdministrationEnd { end: limit });
    }
    Ok(Some(end))
}

/// Who set a code's end of use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EndSetBy {
    Administration,
    Principal,
}

/// A code's two end-of-use dates: the administration's (at issue, or changed by its back
/// office) and the principal's (set or removed in its Certifications tab). The earlier applies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndsOfUse {
    pub administration: Option<Timestamp>,
    pub principal: Option<Timestamp>,
}

impl EndsOfUse {
    /// The end that applies and who set it; the administration's when both fall the same day.
    pub fn applying(self) -> Option<(Timestamp, EndSetBy)> {
        match (self.administration, self.principal) {
            (Some(a), Some(p)) if p < a => Some((p, EndSetBy::Principal)),
            (Some(a), _) => Some((a, EndSetBy::Administration)),
            (None, Some(p)) => Some((p, EndSetBy::Principal)),
            (None, None) => None,
        }
    }

    /// The end that applies.
    pub fn until(self) -> Option<Timestamp> {
        self.applying().map(|(end, _)| end)
    }
}

/// Days before a mandate's end of use when administrators are reminded of it.
pub const REMINDER_DAYS: [i64; 2] = [30, 7];

/// The reminder due for a mandate ending at `until` (in days before the end): the nearest of
/// [`REMINDER_DAYS`] the time left is within, so a mandate given 10 days before its end gets
/// the 30-day reminder and then the 7-day one; none once it has ended.
pub fn reminder_due(until: Timestamp, now: Timestamp) -> Option<i64> {
    let left = until - now;
    if left < 0 {
        return None;
    }
    REMINDER_DAYS
        .into_iter()
        .filter(|days| left <= days * 24 * 60 * 60)
        .min()
}

/// Codes an eSpace asked the administration for; it sends them by post to the company.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeRequest {
    pub id: String,
    pub company: CompanyId,
    pub domain: Domain,
    pub kind: CodeKind,
    /// The eSpace that asked, and who in it.
    pub espace: String,
    pub requested_by: String,
    pub requested_at: Timestamp,
    /// When an operator issued the code.
    pub sent_at: Option<Timestamp>,
}

/// The Certifications tab of one eSpace.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificationsView {
    pub certifications: Vec<Registration>,
    pub mandates_given: Vec<Registration>,
    pub mandates_received: Vec<Registration>,
    /// Codes asked of the administration, newest first.
    pub code_requests: Vec<CodeRequest>,
    /// Requests to be certified for a field of activity, newest first.
    pub certification_requests: Vec<CertificationRequest>,
}

impl CertificationsView {
    /// Whether the eSpace holds a live certification for `domain`.
    pub fn certified_for(&self, domain: Domain) -> bool {
        self.certifications
            .iter()
            .any(|c| c.domain == domain && c.status == RegistrationStatus::Active)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mandate_past_its_end_of_use_grants_nothing() {
        assert_eq!(
            RegistrationStatus::at(None, false, Timestamp::from_unix(1_000)),
            RegistrationStatus::Active
        );
        assert_eq!(
            RegistrationStatus::at(
                Some(Timestamp::from_unix(1_000)),
                false,
                Timestamp::from_unix(1_000)
            ),
            RegistrationStatus::Active
        );
        assert_eq!(
            RegistrationStatus::at(
                Some(Timestamp::from_unix(999)),
                false,
                Timestamp::from_unix(1_000)
            ),
            RegistrationStatus::Ended
        );
        assert_eq!(
            RegistrationStatus::at(
                Some(Timestamp::from_unix(2_000)),
                true,
                Timestamp::from_unix(1_000)
            ),
            RegistrationStatus::Revoked
        );
    }

    #[test]
    fn a_principal_sets_an_end_of_use_not_in_the_past() {
        let end = end_of_day("2027-06-30").unwrap();
        assert_eq!(end_of_use(" 2027-06-30 ", end, None), Ok(Some(end)));
        assert_eq!(end_of_use("", end, None), Ok(None));
        assert_eq!(
            end_of_use("2027-06-30", end + 1, None),
            Err(Problem::DateInPast)
        );
        for bad in ["30/06/2027", "2027-02-30", "tomorrow"] {
            assert_eq!(
                end_of_use(bad, Timestamp::from_unix(0), None),
                Err(Problem::Date),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_principal_shortens_the_administrations_end_of_use_never_extends_it() {
        let administration = end_of_day("2027-06-30");
        let earlier = end_of_day("2027-03-31").unwrap();
        assert_eq!(
            end_of_use("2027-03-31", Timestamp::from_unix(0), administration),
            Ok(Some(earlier))
        );
        assert_eq!(
            end_of_use("2027-06-30", Timestamp::from_unix(0), administration),
            Ok(administration)
        );
        assert_eq!(
            end_of_use("2027-07-01", Timestamp::from_unix(0), administration),
            Err(Problem::AfterAdministrationEnd {
                end: administration.unwrap()
            })
        );
        // removing the principal's own date leaves the administration's
        assert_eq!(
            end_of_use("", Timestamp::from_unix(0), administration),
            Ok(None)
        );
    }

    #[test]
    fn the_earlier_end_of_use_applies_whoever_set_it() {
        let ends = |administration, principal| EndsOfUse {
            administration,
            principal,
        };
        use EndSetBy::*;
        let (five, nine) = (Timestamp::from_unix(5), Timestamp::from_unix(9));
        assert_eq!(ends(None, None).applying(), None);
        assert_eq!(
            ends(Some(nine), None).applying(),
            Some((nine, Administration))
        );
        assert_eq!(ends(None, Some(nine)).applying(), Some((nine, Principal)));
        assert_eq!(
            ends(Some(nine), Some(five)).applying(),
            Some((five, Principal))
        );
        assert_eq!(
            ends(Some(five), Some(nine)).applying(),
            Some((five, Administration))
        );
        assert_eq!(
            ends(Some(five), Some(five)).applying(),
            Some((five, Administration))
        );
        assert_eq!(ends(Some(five), Some(nine)).until(), Some(five));
    }

    #[test]
    fn reminders_come_30_and_7_days_before_the_end() {
        const DAY: i64 = 24 * 60 * 60;
        let end = Timestamp::from_unix(100 * DAY);
        assert_eq!(reminder_due(end, end - 31 * DAY), None);
        assert_eq!(reminder_due(end, end - 30 * DAY), Some(30));
        assert_eq!(reminder_due(end, end - 8 * DAY), Some(30));
        assert_eq!(reminder_due(end, end - 7 * DAY), Some(7));
        assert_eq!(reminder_due(end, end), Some(7));
        assert_eq!(reminder_due(end, end + 1), None);
    }

    #[test]
    fn a_scope_says_what_the_representative_may_do() {
        for scope in MandateScope::ALL {
            assert_eq!(MandateScope::from_code(scope.code()), Some(scope));
            // every scope allows something
            assert!(scope.allows_procedures() || scope.allows_data());
        }
        assert!(!MandateScope::Data.allows_procedures());
        assert!(!MandateScope::Procedures.allows_data());
        assert_eq!(MandateScope::default(), MandateScope::ProceduresAndData);
    }
}
