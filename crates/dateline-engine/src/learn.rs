//! Sparse linear models over hashed features, and the averaged perceptron that trains them.
//!
//! Annotators describe a position by a handful of feature ids (hashes of a template and its
//! values, see [`FeatureHasher`]); a [`LinearModel`] scores each class as the sum of the weights
//! of those ids. Training is the averaged perceptron (Collins 2002): simple, fast, deterministic,
//! and with weights that are small enough to embed after rare features are pruned.
//!
//! The model file format (`dateline.linear/1`), little-endian:
//! `b"DLLM"`, u32 version (1), u32 classes, u32 rows, then per row a u32 feature id followed by
//! `classes` f32 weights, rows sorted by id.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Feature ids are already hashes: a map keyed by them needs no second hash.
#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }

    fn write_u32(&mut self, value: u32) {
        // Spread the bits over the high part too, which hashbrown uses for its control bytes.
        self.0 = u64::from(value).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type IdMap<V> = HashMap<u32, V, BuildHasherDefault<IdHasher>>;

/// Builds feature ids by mixing a template number with values (word hashes, small codes).
///
/// ```
/// use dateline_engine::learn::FeatureHasher;
/// let a = FeatureHasher::new(3).with(17).id();
/// let b = FeatureHasher::new(3).with(17).id();
/// assert_eq!(a, b);
/// assert_ne!(a, FeatureHasher::new(4).with(17).id());
/// ```
#[derive(Clone, Copy)]
pub struct FeatureHasher(u64);

impl FeatureHasher {
    #[inline]
    pub fn new(template: u32) -> FeatureHasher {
        FeatureHasher(
            0x51_7c_c1_b7_27_22_0a_95 ^ u64::from(template).wrapping_mul(0x9E37_79B9_7F4A_7C15),
        )
    }

    #[inline]
    #[must_use]
    pub fn with(self, value: u64) -> FeatureHasher {
        let mixed = (self.0 ^ value).wrapping_mul(0xff51_afd7_ed55_8ccd);
        FeatureHasher(mixed ^ (mixed >> 29))
    }

    #[inline]
    pub fn id(self) -> u32 {
        (self.0 ^ (self.0 >> 32)) as u32
    }
}

/// A stable 64-bit hash of a string, for feature values.
#[inline]
pub fn hash_str(s: &str) -> u64 {
    let mut hasher = crate::hash::StableHasher::default();
    hasher.write(s.as_bytes());
    hasher.finish()
}

/// Why a model file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    #[error("not a dateline.linear model (bad magic)")]
    Magic,
    #[error("unsupported model version {0}")]
    Version(u32),
    #[error("model file is truncated or has trailing bytes")]
    Length,
}

/// A trained sparse linear model: per feature id, one weight per class.
#[derive(Debug, Clone, Default)]
pub struct LinearModel {
    classes: usize,
    rows: IdMap<u32>,
    weights: Vec<f32>,
}

const MAGIC: &[u8; 4] = b"DLLM";

impl LinearModel {
    pub fn classes(&self) -> usize {
        self.classes
    }

    pub fn features(&self) -> usize {
        self.rows.len()
    }

    /// Adds the weights of `features` to `scores` (one slot per class).
    #[inline]
    pub fn score_into(&self, features: &[u32], scores: &mut [f32]) {
        debug_assert_eq!(scores.len(), self.classes);
        for feature in features {
            if let Some(&row) = self.rows.get(feature) {
                let start = row as usize * self.classes;
                for (score, weight) in scores
                    .iter_mut()
                    .zip(&self.weights[start..start + self.classes])
                {
                    *score += weight;
                }
            }
        }
    }

    /// The score of a binary model (one class): above zero means yes.
    #[inline]
    pub fn score(&self, features: &[u32]) -> f32 {
        let mut score = [0.0f32];
        self.score_into(features, &mut score);
        score[0]
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<LinearModel, ModelError> {
        let word = |i: usize| -> Result<u32, ModelError> {
            bytes
                .get(i..i + 4)
                .map(|b| u32::from_le_bytes(b.try_into().expect("four bytes")))
                .ok_or(ModelError::Length)
        };
        if bytes.get(..4) != Some(MAGIC) {
            return Err(ModelError::Magic);
        }
        let version = word(4)?;
        if version != 1 {
            return Err(ModelError::Version(version));
        }
        let classes = word(8)? as usize;
        let rows = word(12)? as usize;
        let row_bytes = 4 + 4 * classes;
        if classes == 0 || bytes.len() != 16 + rows * row_bytes {
            return Err(ModelError::Length);
        }
        let mut model = LinearModel {
            classes,
            rows: IdMap::with_capacity_and_hasher(rows, Default::default()),
            weights: Vec::with_capacity(rows * classes),
        };
        for r in 0..rows {
            let at = 16 + r * row_bytes;
            model.rows.insert(word(at)?, r as u32);
            for c in 0..classes {
                model.weights.push(f32::from_bits(word(at + 4 + 4 * c)?));
            }
        }
        Ok(model)
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut rows: Vec<(u32, u32)> = self.rows.iter().map(|(&f, &r)| (f, r)).collect();
        rows.sort_unstable();
        let mut out = Vec::with_capacity(16 + rows.len() * (4 + 4 * self.classes));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&1u32.to_le_bytes());
        out.extend_from_slice(&(self.classes as u32).to_le_bytes());
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        for (feature, row) in rows {
            out.extend_from_slice(&feature.to_le_bytes());
            let start = row as usize * self.classes;
            for w in &self.weights[start..start + self.classes] {
                out.extend_from_slice(&w.to_bits().to_le_bytes());
            }
        }
        out
    }
}

/// The averaged perceptron trainer.
pub struct Perceptron {
    classes: usize,
    /// Current weights, accumulated totals and the step each was last updated, per feature.
    weights: IdMap<Vec<f32>>,
    totals: IdMap<Vec<f64>>,
    stamps: IdMap<Vec<u64>>,
    step: u64,
}

impl Perceptron {
    pub fn new(classes: usize) -> Perceptron {
        assert!(classes >= 1);
        Perceptron {
            classes,
            weights: IdMap::default(),
            totals: IdMap::default(),
            stamps: IdMap::default(),
            step: 0,
        }
    }

    /// Current scores of `features`.
    pub fn scores(&self, features: &[u32]) -> Vec<f32> {
        let mut scores = vec![0.0; self.classes];
        for f in features {
            if let Some(w) = self.weights.get(f) {
                for (s, w) in scores.iter_mut().zip(w) {
                    *s += w;
                }
            }
        }
        scores
    }

    /// One training instance of a multi-class model: moves weight from `predicted` to `gold`.
    pub fn update(&mut self, features: &[u32], gold: usize, predicted: usize) {
        self.step += 1;
        if gold == predicted {
            return;
        }
        for &f in features {
            self.nudge(f, gold, 1.0);
            self.nudge(f, predicted, -1.0);
        }
    }

    /// One instance of a binary model (one class, score > 0 means yes).
    pub fn update_binary(&mut self, features: &[u32], gold: bool) {
        self.step += 1;
        let predicted = self.scores(features)[0] > 0.0;
        if predicted == gold {
            return;
        }
        let delta = if gold { 1.0 } else { -1.0 };
        for &f in features {
            self.nudge(f, 0, delta);
        }
    }

    fn nudge(&mut self, feature: u32, class: usize, delta: f32) {
        let classes = self.classes;
        let weights = self
            .weights
            .entry(feature)
            .or_insert_with(|| vec![0.0; classes]);
        let totals = self
            .totals
            .entry(feature)
            .or_insert_with(|| vec![0.0; classes]);
        let stamps = self
            .stamps
            .entry(feature)
            .or_insert_with(|| vec![0; classes]);
        totals[class] += (self.step - stamps[class]) as f64 * f64::from(weights[class]);
        stamps[class] = self.step;
        weights[class] += delta;
    }

    /// The averaged weights, dropping features whose largest weight is below `min_weight`.
    pub fn average(&self, min_weight: f32) -> LinearModel {
        let mut model = LinearModel {
            classes: self.classes,
            ..LinearModel::default()
        };
        let mut features: Vec<&u32> = self.weights.keys().collect();
        features.sort_unstable();
        for feature in features {
            let weights = &self.weights[feature];
            let totals = &self.totals[feature];
            let stamps = &self.stamps[feature];
            let averaged: Vec<f32> = (0..self.classes)
                .map(|c| {
                    let total = totals[c] + (self.step - stamps[c]) as f64 * f64::from(weights[c]);
                    (total / self.step.max(1) as f64) as f32
                })
                .collect();
            if averaged.iter().any(|w| w.abs() >= min_weight) {
                model
                    .rows
                    .insert(*feature, (model.weights.len() / self.classes) as u32);
                model.weights.extend(averaged);
            }
        }
        model
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_binary_problem_and_round_trips() {
        let yes = FeatureHasher::new(1).with(1).id();
        let no = FeatureHasher::new(1).with(2).id();
        let bias = FeatureHasher::new(0).id();
        let mut trainer = Perceptron::new(1);
        for _ in 0..10 {
            trainer.update_binary(&[bias, yes], true);
            trainer.update_binary(&[bias, no], false);
        }
        let model = trainer.average(0.0);
        assert!(model.score(&[bias, yes]) > 0.0);
        assert!(model.score(&[bias, no]) < 0.0);
        let copy = LinearModel::from_bytes(&model.to_bytes()).unwrap();
        assert_eq!(copy.score(&[bias, yes]), model.score(&[bias, yes]));
        assert_eq!(copy.features(), model.features());
    }

    #[test]
    fn multiclass_update_moves_weight_to_the_gold_class() {
        let f = FeatureHasher::new(9).with(9).id();
        let mut trainer = Perceptron::new(3);
        trainer.update(&[f], 2, 0);
        let scores = trainer.scores(&[f]);
        assert!(scores[2] > scores[1] && scores[1] > scores[0]);
    }

    #[test]
    fn bad_model_bytes_are_errors() {
        assert!(matches!(
            LinearModel::from_bytes(b"nope"),
            Err(ModelError::Magic)
        ));
        let mut bytes = LinearModel {
            classes: 1,
            ..Default::default()
        }
        .to_bytes();
        bytes.push(0);
        assert!(matches!(
            LinearModel::from_bytes(&bytes),
            Err(ModelError::Length)
        ));
    }
}
