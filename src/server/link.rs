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
}
