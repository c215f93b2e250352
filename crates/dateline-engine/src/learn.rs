//! Sparse linear models over hashed features, and the averaged perceptron that trains them.
//!
//! Annotators describe a position by a handful of feature ids (hashes of a template and its
//! values, see [`FeatureHasher`]); a [`LinearModel`] scores each class as the sum of the weights
//! of those ids. Training is the averaged perceptron (Collins 2002): simple, fast, deterministic,
//! and with weights that are small enough to embed after rare features are pruned.
//!
//! The model file format is `dateline.linear/3`, described at [`LinearModel::from_bytes`].

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

/// Shuffles `order` in place with Fisher–Yates over an xorshift generator whose state is
/// `seed`: the same seed gives the same order on every machine, so training is reproducible.
pub fn shuffle<T>(order: &mut [T], seed: &mut u64) {
    for i in (1..order.len()).rev() {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        order.swap(i, (*seed % (i as u64 + 1)) as usize);
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
    #[error("unsupported model version {0} (this engine reads version 3)")]
    Version(u32),
    #[error("model file is truncated or has trailing bytes")]
    Length,
    #[error("model file names class {0}, beyond its {1} classes")]
    Class(u16, usize),
}

/// A trained sparse linear model: per feature id, the weights of the classes it speaks for.
///
/// Most features of a tagger matter for a few of its classes only, so rows are sparse: a
/// part-of-speech model with a hundred tags stays a few megabytes.
#[derive(Debug, Clone, Default)]
pub struct LinearModel {
    classes: usize,
    /// Feature id → (first entry, entry count).
    rows: RowTable,
    /// (class, weight in units of `scale`), row after row: four bytes an entry.
    entries: Vec<(u8, i16)>,
    /// What one unit of an entry's weight is worth.
    scale: f32,
    /// Long rows again as dense arrays of `classes` weights (in units), which add as vectors:
    /// the rows of the bias and of the previous tags touch most classes on every word.
    /// Sixteen bits a weight, as in the file: half the cache lines of `f32`.
    dense: Vec<i16>,
    /// Whether this processor has AVX2, read once at load: scoring then runs a copy of the
    /// same loop compiled for it (eight weights an instruction instead of four).
    avx2: bool,
    /// Every row as (id, first entry, length), for writing the model back out.
    sparse_rows: Vec<(u32, u32, u32)>,
}

/// The most classes a model may have: a row's length and an entry's class fit in a byte, and
/// one length value marks a dense row.
pub const MAX_CLASSES: usize = 254;
const DENSE_MARK: u32 = 255;
/// Rows with more entries than this, in models with more classes than four times this, are
/// also kept dense.
const DENSE_FROM: usize = 12;

/// Hints the processor to start loading the cache line at `pointer`; never faults.
#[inline(always)]
pub(crate) fn prefetch<T>(pointer: *const T) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: a prefetch is only a hint; it never dereferences or faults, whatever the
        // address, and SSE is part of every x86-64 processor.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(pointer.cast::<i8>()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = pointer;
}

fn has_avx2() -> bool {
    #[cfg(target_arch = "x86_64")]
    return std::is_x86_feature_detected!("avx2");
    #[cfg(not(target_arch = "x86_64"))]
    return false;
}

/// An open-addressing table from feature id to row, in one array of 12-byte slots: a lookup
/// costs one cache line, where a general hash map costs two or three. Scoring is bound by
/// these lookups.
#[derive(Debug, Clone, Default)]
struct RowTable {
    slots: Vec<Slot>,
    count: usize,
}

#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    id: u32,
    /// The row's first entry (high 24 bits) and length (low 8 bits); 0 marks an empty slot
    /// (rows are never empty).
    row: u32,
}

impl Slot {
    fn start(self) -> u32 {
        self.row >> 8
    }

    fn len(self) -> u32 {
        self.row & 0xff
    }
}

impl RowTable {
    fn with_capacity(rows: usize) -> RowTable {
        let size = (rows + rows / 2).next_power_of_two().max(16);
        RowTable {
            slots: vec![Slot::default(); size],
            count: 0,
        }
    }

    #[inline]
    fn home(&self, id: u32) -> usize {
        ((u64::from(id).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize)
            & (self.slots.len() - 1)
    }

    /// Inserts a row; `start` below 2^24 and `len` in 1..=255 (checked by the callers).
    fn insert(&mut self, id: u32, start: u32, len: u32) {
        assert!(
            len > 0 && len <= 255 && start < 1 << 24,
            "row {start}+{len} does not fit a slot"
        );
        if (self.count + 1) * 4 > self.slots.len() * 3 {
            let old = std::mem::take(&mut self.slots);
            *self = RowTable::with_capacity(old.len());
            for slot in old.into_iter().filter(|s| s.row != 0) {
                self.insert(slot.id, slot.start(), slot.len());
            }
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(id);
        loop {
            let slot = &mut self.slots[i];
            if slot.row == 0 || slot.id == id {
                if slot.row == 0 {
                    self.count += 1;
                }
                *slot = Slot {
                    id,
                    row: start << 8 | len,
                };
                return;
            }
            i = (i + 1) & mask;
        }
    }

    #[inline]
    fn get(&self, id: u32) -> Option<(u32, u32)> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(id);
        loop {
            let slot = self.slots[i];
            if slot.row == 0 {
                return None;
            }
            if slot.id == id {
                return Some((slot.start(), slot.len()));
            }
            i = (i + 1) & mask;
        }
    }

    #[inline]
    fn prefetch(&self, id: u32) {
        if !self.slots.is_empty() {
            prefetch(self.slots.as_ptr().wrapping_add(self.home(id)));
        }
    }
}

const MAGIC: &[u8; 4] = b"DLLM";
const VERSION: u32 = 3;

impl LinearModel {
    pub fn classes(&self) -> usize {
        self.classes
    }

    /// How many features carry weights.
    pub fn features(&self) -> usize {
        self.sparse_rows.len()
    }

    /// Writes the score of each class for `features` into `scores` (one slot per class).
    #[inline]
    pub fn score_into(&self, features: &[u32], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        self.accumulate(features, scores);
        scores.iter_mut().for_each(|s| *s *= self.scale);
    }

    /// The unscaled sums of the rows of `features`, to be completed by
    /// [`LinearModel::score_with_partial`]: a caller that scores one word many times in
    /// different contexts keeps the part that depends on the word alone. The weights are
    /// integers, so the sums are exact and the split changes no score.
    pub fn partial_scores(&self, features: &[u32], partial: &mut [f32]) {
        partial.iter_mut().for_each(|s| *s = 0.0);
        self.accumulate(features, partial);
    }

    /// The scores of `partial`'s features together with `features`, as [`score_into`] would
    /// give them for both lists at once.
    ///
    /// [`score_into`]: LinearModel::score_into
    pub fn score_with_partial(&self, partial: &[f32], features: &[u32], scores: &mut [f32]) {
        // `partial` is read last, so that the caller's prefetch of it overlaps the row lookups.
        scores.iter_mut().for_each(|s| *s = 0.0);
        self.accumulate(features, scores);
        for (score, &p) in scores.iter_mut().zip(partial) {
            *score = (*score + p) * self.scale;
        }
    }

    /// Adds the unscaled rows of `features` to `scores`.
    fn accumulate(&self, features: &[u32], scores: &mut [f32]) {
        #[cfg(target_arch = "x86_64")]
        if self.avx2 {
            // SAFETY: `avx2` is true only where the processor reported AVX2 at load.
            unsafe { self.accumulate_avx2(features, scores) };
            return;
        }
        self.accumulate_portable(features, scores);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn accumulate_avx2(&self, features: &[u32], scores: &mut [f32]) {
        self.accumulate_portable(features, scores);
    }

    #[inline(always)]
    fn accumulate_portable(&self, features: &[u32], scores: &mut [f32]) {
        debug_assert_eq!(scores.len(), self.classes);
        // The weights of a large model live mostly outside the caches, and a lookup waits on
        // memory. Asking for every row's slot, then every row's weights, before reading any
        // lets those waits overlap instead of adding up.
        for feature in features {
            self.rows.prefetch(*feature);
        }
        let mut rows = [(0u32, 0u32); 64];
        let mut found = 0;
        for feature in features {
            if let Some(row) = self.rows.get(*feature) {
                if row.1 == DENSE_MARK {
                    // A dense row spans several cache lines (204 bytes for 102 classes).
                    let start = self
                        .dense
                        .as_ptr()
                        .wrapping_add(row.0 as usize * self.classes);
                    for line in (0..self.classes).step_by(32) {
                        prefetch(start.wrapping_add(line));
                    }
                } else {
                    prefetch(self.entries.as_ptr().wrapping_add(row.0 as usize));
                }
                if found < rows.len() {
                    rows[found] = row;
                    found += 1;
                } else {
                    self.add_row(row, scores);
                }
            }
        }
        for &row in &rows[..found] {
            self.add_row(row, scores);
        }
    }

    #[inline(always)]
    fn add_row(&self, (start, len): (u32, u32), scores: &mut [f32]) {
        if len == DENSE_MARK {
            let row =
                &self.dense[start as usize * self.classes..(start as usize + 1) * self.classes];
            for (score, &weight) in scores.iter_mut().zip(row) {
                *score += f32::from(weight);
            }
        } else {
            for &(class, weight) in &self.entries[start as usize..(start + len) as usize] {
                scores[class as usize] += f32::from(weight);
            }
        }
    }

    /// Adds a row of entries `start..start + len`, dense when it is long.
    fn push_row(&mut self, id: u32, start: u32, len: u32) {
        self.sparse_rows.push((id, start, len));
        if self.classes > 4 * DENSE_FROM && len as usize > DENSE_FROM {
            let index = (self.dense.len() / self.classes) as u32;
            let mut row = vec![0i16; self.classes];
            for &(class, weight) in &self.entries[start as usize..(start + len) as usize] {
                row[class as usize] = weight;
            }
            self.dense.extend(row);
            self.rows.insert(id, index, DENSE_MARK);
        } else {
            self.rows.insert(id, start, len);
        }
    }

    /// The score of a binary model (one class): above zero means yes.
    #[inline]
    pub fn score(&self, features: &[u32]) -> f32 {
        let mut score = [0.0f32];
        self.score_into(features, &mut score);
        score[0]
    }

    /// Reads the `dateline.linear/3` format, little-endian throughout: `b"DLLM"`; u32 version
    /// (3), classes (at most 255), rows, entries; f32 scale; per row (sorted by id) a u32
    /// feature id and a u16 entry count; per entry the class as a u8 and the weight as an i16,
    /// worth `scale` a unit. Sixteen bits of weight lose
    /// nothing a perceptron's decisions notice and halve the file.
    pub fn from_bytes(bytes: &[u8]) -> Result<LinearModel, ModelError> {
        let mut reader = Reader::new(bytes, ModelError::Length);
        if reader.take(4)? != MAGIC {
            return Err(ModelError::Magic);
        }
        let version = reader.u32()?;
        if version != VERSION {
            return Err(ModelError::Version(version));
        }
        let classes = reader.u32()? as usize;
        let rows = reader.u32()? as usize;
        let entries = reader.u32()? as usize;
        let scale = f32::from_bits(reader.u32()?);
        if classes == 0 || classes > MAX_CLASSES || !scale.is_finite() || entries >= 1 << 24 {
            return Err(ModelError::Length);
        }
        let mut model = LinearModel {
            classes,
            rows: RowTable::with_capacity(rows),
            entries: Vec::with_capacity(entries),
            scale,
            dense: Vec::new(),
            avx2: has_avx2(),
            sparse_rows: Vec::with_capacity(rows),
        };
        let mut start = 0u32;
        let mut row_lengths = Vec::with_capacity(rows);
        for _ in 0..rows {
            let id = reader.u32()?;
            let len = u32::from(reader.u16()?);
            if len == 0 || len as usize > classes {
                return Err(ModelError::Length);
            }
            row_lengths.push((id, start, len));
            start = start.checked_add(len).ok_or(ModelError::Length)?;
        }
        if start as usize != entries {
            return Err(ModelError::Length);
        }
        for _ in 0..entries {
            let class = u16::from(reader.take(1)?[0]);
            if usize::from(class) >= classes {
                return Err(ModelError::Class(class, classes));
            }
            model.entries.push((class as u8, reader.u16()? as i16));
        }
        if !reader.at_end() {
            return Err(ModelError::Length);
        }
        for (id, start, len) in row_lengths {
            model.push_row(id, start, len);
        }
        Ok(model)
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut rows: Vec<(u32, (u32, u32))> = self
            .sparse_rows
            .iter()
            .map(|&(id, start, len)| (id, (start, len)))
            .collect();
        rows.sort_unstable();
        let entries: usize = rows.iter().map(|(_, (_, len))| *len as usize).sum();
        let scale = self.scale;
        let mut out = Vec::with_capacity(24 + rows.len() * 6 + entries * 4);
        out.extend_from_slice(MAGIC);
        for n in [
            VERSION,
            self.classes as u32,
            rows.len() as u32,
            entries as u32,
            scale.to_bits(),
        ] {
            out.extend_from_slice(&n.to_le_bytes());
        }
        for (feature, (_, len)) in &rows {
            out.extend_from_slice(&feature.to_le_bytes());
            let len = *len as u16;
            out.extend_from_slice(&len.to_le_bytes());
        }
        for (_, (start, len)) in &rows {
            for (class, weight) in &self.entries[*start as usize..(*start + *len) as usize] {
                out.push(*class);
                out.extend_from_slice(&weight.to_le_bytes());
            }
        }
        out
    }
}

/// A little-endian reader over a model file's bytes, shared by the binary formats of the
/// engine (`dateline.linear`, `dateline.clusters`): every read past the end is `truncated`.
pub(crate) struct Reader<'a, E> {
    bytes: &'a [u8],
    at: usize,
    truncated: E,
}

impl<'a, E: Clone> Reader<'a, E> {
    pub(crate) fn new(bytes: &'a [u8], truncated: E) -> Reader<'a, E> {
        Reader {
            bytes,
            at: 0,
            truncated,
        }
    }

    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], E> {
        let slice = self
            .bytes
            .get(self.at..self.at.saturating_add(n))
            .ok_or_else(|| self.truncated.clone())?;
        self.at += n;
        Ok(slice)
    }

    pub(crate) fn u16(&mut self) -> Result<u16, E> {
        Ok(u16::from_le_bytes(
            self.take(2)?.try_into().expect("two bytes"),
        ))
    }

    pub(crate) fn u32(&mut self) -> Result<u32, E> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("four bytes"),
        ))
    }

    pub(crate) fn u64(&mut self) -> Result<u64, E> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().expect("eight bytes"),
        ))
    }

    /// Whether every byte has been read.
    pub(crate) fn at_end(&self) -> bool {
        self.at == self.bytes.len()
    }
}

/// One weight under training, with what averaging needs.
#[derive(Clone, Copy, Default)]
struct Param {
    weight: f32,
    /// Sum of the weight over all steps up to `stamp`.
    total: f64,
    stamp: u64,
}

/// The averaged perceptron trainer, with sparse rows like the model it makes.
pub struct Perceptron {
    classes: usize,
    params: IdMap<Vec<(u16, Param)>>,
    /// How many training instances each feature appeared in, over all epochs.
    seen: IdMap<u32>,
    step: u64,
}

impl Perceptron {
    pub fn new(classes: usize) -> Perceptron {
        assert!(
            (1..=MAX_CLASSES).contains(&classes),
            "a model has 1 to {MAX_CLASSES} classes"
        );
        Perceptron {
            classes,
            params: IdMap::default(),
            seen: IdMap::default(),
            step: 0,
        }
    }

    /// Current scores of `features`, written into `scores` (one slot per class).
    pub fn scores_into(&self, features: &[u32], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for f in features {
            if let Some(row) = self.params.get(f) {
                for (class, param) in row {
                    scores[*class as usize] += param.weight;
                }
            }
        }
    }

    /// Current scores of `features`.
    pub fn scores(&self, features: &[u32]) -> Vec<f32> {
        let mut scores = vec![0.0; self.classes];
        self.scores_into(features, &mut scores);
        scores
    }

    /// One training instance of a multi-class model: moves weight from `predicted` to `gold`.
    pub fn update(&mut self, features: &[u32], gold: usize, predicted: usize) {
        self.step += 1;
        for &f in features {
            *self.seen.entry(f).or_default() += 1;
        }
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
        let predicted = self.scores(features)[0] > 0.0;
        self.step += 1;
        for &f in features {
            *self.seen.entry(f).or_default() += 1;
        }
        if predicted == gold {
            return;
        }
        let delta = if gold { 1.0 } else { -1.0 };
        for &f in features {
            self.nudge(f, 0, delta);
        }
    }

    /// Moves the averaged weight of `feature` for `class` by `delta` (a binary model's bias
    /// feature moves its threshold): the current weight and its running total both move, so
    /// the average over every step does too.
    pub fn shift(&mut self, feature: u32, class: usize, delta: f32) {
        let step = self.step;
        self.nudge(feature, class, delta);
        let row = self.params.get_mut(&feature).expect("nudged above");
        let param = &mut row
            .iter_mut()
            .find(|(c, _)| usize::from(*c) == class)
            .expect("nudged above")
            .1;
        param.total += f64::from(delta) * step as f64;
    }

    fn nudge(&mut self, feature: u32, class: usize, delta: f32) {
        let step = self.step;
        let row = self.params.entry(feature).or_default();
        let class = class as u16;
        let param = match row.iter().position(|(c, _)| *c == class) {
            Some(i) => &mut row[i].1,
            None => {
                row.push((
                    class,
                    Param {
                        stamp: step,
                        ..Param::default()
                    },
                ));
                &mut row.last_mut().expect("just pushed").1
            }
        };
        param.total += (step - param.stamp) as f64 * f64::from(param.weight);
        param.stamp = step;
        param.weight += delta;
    }

    /// The averaged weights, dropping those below `min_weight` in magnitude.
    pub fn average(&self, min_weight: f32) -> LinearModel {
        self.average_pruned(min_weight, 0)
    }

    /// The averaged weights, dropping those below `min_weight` and every feature that appeared
    /// in fewer than `min_seen` training instances (counting every epoch): rare features cost a
    /// cache miss on every lookup and teach little.
    pub fn average_pruned(&self, min_weight: f32, min_seen: u32) -> LinearModel {
        let mut model = LinearModel {
            classes: self.classes,
            avx2: has_avx2(),
            ..LinearModel::default()
        };
        let mut features: Vec<&u32> = self.params.keys().collect();
        features.sort_unstable();
        let steps = self.step.max(1) as f64;
        let mut rows: Vec<(u32, Vec<(u8, f32)>)> = Vec::new();
        for feature in features {
            if self.seen.get(feature).copied().unwrap_or(0) < min_seen {
                continue;
            }
            let mut row: Vec<(u8, f32)> = self.params[feature]
                .iter()
                .map(|(class, p)| {
                    let total = p.total + (self.step - p.stamp) as f64 * f64::from(p.weight);
                    (*class as u8, (total / steps) as f32)
                })
                .filter(|(_, w)| w.abs() >= min_weight && *w != 0.0)
                .collect();
            row.sort_unstable_by_key(|(class, _)| *class);
            if !row.is_empty() {
                rows.push((*feature, row));
            }
        }
        // Sixteen bits a weight, scaled to the largest.
        let largest = rows
            .iter()
            .flat_map(|(_, r)| r.iter())
            .fold(0.0f32, |m, (_, w)| m.max(w.abs()));
        model.scale = if largest > 0.0 {
            largest / f32::from(i16::MAX)
        } else {
            1.0
        };
        for (feature, row) in rows {
            let start = model.entries.len() as u32;
            model.entries.extend(
                row.iter()
                    .map(|&(c, w)| (c, (w / model.scale).round() as i16)),
            );
            model.push_row(feature, start, row.len() as u32);
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
        let (a, b) = (copy.score(&[bias, yes]), model.score(&[bias, yes]));
        assert!((a - b).abs() < 1e-3 * b.abs().max(1.0), "{a} vs {b}");
        assert_eq!(copy.features(), model.features());
    }

    #[test]
    fn a_shift_moves_the_averaged_weight_by_its_amount() {
        let bias = FeatureHasher::new(0).id();
        let f = FeatureHasher::new(1).with(1).id();
        let mut trainer = Perceptron::new(1);
        for gold in [true, false, true, true, false] {
            trainer.update_binary(&[bias, f], gold);
        }
        let before = trainer.average(0.0).score(&[bias]);
        trainer.shift(bias, 0, 2.5);
        let after = trainer.average(0.0).score(&[bias]);
        assert!((after - before - 2.5).abs() < 1e-3, "{before} -> {after}");
        // Other features keep their weights.
        let (a, b) = (trainer.average(0.0).score(&[f]), {
            let mut t = Perceptron::new(1);
            for gold in [true, false, true, true, false] {
                t.update_binary(&[bias, f], gold);
            }
            t.average(0.0).score(&[f])
        });
        assert!((a - b).abs() < 1e-3, "{a} vs {b}");
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
    fn vector_and_portable_scoring_agree_on_dense_and_sparse_rows() {
        // Sixty classes: a feature updated against most of them gets a dense row, the
        // others stay sparse; both paths must give the same scores.
        let classes = 60;
        let mut trainer = Perceptron::new(classes);
        let common = FeatureHasher::new(0).id();
        let rare = FeatureHasher::new(1).with(7).id();
        for gold in 0..classes {
            trainer.update(&[common], gold, (gold + 1) % classes);
            if gold % 7 == 0 {
                trainer.update(&[rare], gold, (gold + 3) % classes);
            }
        }
        let model = LinearModel::from_bytes(&trainer.average(0.0).to_bytes()).unwrap();
        assert!(!model.dense.is_empty(), "the test needs a dense row");
        let (mut fast, mut portable) = (vec![0.0; classes], vec![0.0; classes]);
        model.score_into(&[common, rare], &mut fast);
        model.accumulate_portable(&[common, rare], &mut portable);
        portable.iter_mut().for_each(|s| *s *= model.scale);
        assert_eq!(fast, portable);
        assert!(fast.iter().any(|&s| s != 0.0));
        // A memoised part of the features, completed by the rest, scores the same.
        let mut partial = vec![0.0; classes];
        model.partial_scores(&[common], &mut partial);
        let mut completed = vec![0.0; classes];
        model.score_with_partial(&partial, &[rare], &mut completed);
        assert_eq!(completed, fast);
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
