//! The secret of an invitation link: random, shown only in the email, stored only as a hash, so
//! a copy of the database cannot be used to accept someone else's invitation.

use rand::RngCore;
use sha2::{Digest, Sha256};

/// A fresh secret (256 random bits, hex) and the hash to store.
pub fn new_secret() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let secret = hex::encode(bytes);
    let hash = hash(&secret);
    (secret, hash)
}

pub fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Where an invitation link's secret follows in a path or a mail.
const LINK: &str = "/invitation/";

/// `text` with every invitation link's secret left out: what the request log records, and
/// what the outbox keeps of a mail once it is sent.
pub fn without_secrets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(LINK) {
        out.push_str(&rest[..at + LINK.len()]);
        rest = &rest[at + LINK.len()..];
        let secret = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        if secret > 0 {
            out.push('…');
        }
        rest = &rest[secret..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_fresh_and_hashed() {
        let (a, hash_a) = new_secret();
        let (b, _) = new_secret();
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(hash(&a), hash_a);
        assert_ne!(a, hash_a);
    }

    #[test]
    fn secrets_are_left_out_of_texts() {
        let (secret, _) = new_secret();
        let mail =
            format!("Accept: https://x.example/invitation/{secret}\nor /invitation/{secret}.");
        let kept = without_secrets(&mail);
        assert!(!kept.contains(&secret), "{kept}");
        assert_eq!(
            kept,
            "Accept: https://x.example/invitation/…\nor /invitation/…."
        );
        assert_eq!(without_secrets("/espace/1/profile"), "/espace/1/profile");
    }
}
