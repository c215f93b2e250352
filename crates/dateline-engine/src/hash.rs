//! A small, stable content hash for ids and data stamps.
//!
//! FNV-1a over 64 bits: stable across platforms and releases (unlike `std`'s `DefaultHasher`),
//! dependency-free, and ample for telling articles and data versions apart. It is not a
//! cryptographic hash.

const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// An incremental FNV-1a 64 hasher.
#[derive(Clone, Copy, Debug)]
pub struct StableHasher(u64);

impl Default for StableHasher {
    fn default() -> Self {
        StableHasher(OFFSET_BASIS)
    }
}

impl StableHasher {
    pub fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(PRIME);
        }
    }

    pub fn finish(self) -> u64 {
        self.0
    }

    /// The hash as 16 lower-case hex digits.
    pub fn hex(self) -> String {
        format!("{:016x}", self.0)
    }
}

/// A fast, non-keyed hasher for the engine's in-memory maps of short strings (word lists,
/// abbreviations): FNV-1a again, which beats SipHash by far on keys of a few bytes. The maps
/// hold our own data, not attacker-chosen keys.
#[derive(Clone, Copy, Debug, Default)]
pub struct FastBuildHasher;

impl std::hash::BuildHasher for FastBuildHasher {
    type Hasher = FastHasher;

    fn build_hasher(&self) -> FastHasher {
        FastHasher(StableHasher::default())
    }
}

pub struct FastHasher(StableHasher);

impl std::hash::Hasher for FastHasher {
    fn finish(&self) -> u64 {
        // Mix the high bits down: hashbrown takes its control bits from the top.
        let h = self.0.finish();
        h ^ (h >> 31).wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0.write(bytes);
    }
}

/// For maps whose keys are already hashes (`u64` from [`StableHasher`]): the key, mixed once
/// so hashbrown's control bits (the top seven) vary, instead of hashing it again byte by
/// byte. Only `write_u64` is meant to be called.
#[derive(Clone, Copy, Debug, Default)]
pub struct PrehashedBuildHasher;

impl std::hash::BuildHasher for PrehashedBuildHasher {
    type Hasher = PrehashedHasher;

    fn build_hasher(&self) -> PrehashedHasher {
        PrehashedHasher(0)
    }
}

#[derive(Clone, Copy, Debug)]
pub struct PrehashedHasher(u64);

impl std::hash::Hasher for PrehashedHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value ^ (value >> 29).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    fn write(&mut self, bytes: &[u8]) {
        // Not a prehashed key after all: fall back to hashing the bytes.
        let mut h = StableHasher(self.0 ^ OFFSET_BASIS);
        h.write(bytes);
        self.0 = h.finish();
    }
}

/// The id of an article that came without one: `h` and the hash of its text.
pub fn content_id(text: &str) -> String {
    let mut hasher = StableHasher::default();
    hasher.write(text.as_bytes());
    format!("h{}", hasher.hex())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prehashed_sets_find_what_they_hold() {
        let mut set: std::collections::HashSet<u64, PrehashedBuildHasher> = Default::default();
        for w in ["iran", "accuse", "sabotage"] {
            set.insert(crate::learn::hash_str(w));
        }
        assert!(set.contains(&crate::learn::hash_str("accuse")));
        assert!(!set.contains(&crate::learn::hash_str("praise")));
        // Keys that are not prehashed still work, through the byte fallback.
        let mut words: std::collections::HashSet<&str, PrehashedBuildHasher> = Default::default();
        words.insert("iran");
        assert!(words.contains("iran") && !words.contains("irak"));
    }

    #[test]
    fn known_fnv1a_values() {
        // Reference values of FNV-1a 64.
        let hash = |s: &str| {
            let mut h = StableHasher::default();
            h.write(s.as_bytes());
            h.finish()
        };
        assert_eq!(hash(""), 0xcbf29ce484222325);
        assert_eq!(hash("a"), 0xaf63dc4c8601ec8c);
        assert_eq!(hash("foobar"), 0x85944171f73967e8);
    }
}
