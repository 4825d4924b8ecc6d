/**
 * Logistic regression over named features: the score behind every fitted decision of the answer
 * core (which sentence answers, whether an article answers).
 *
 * Our own code rather than a library: the npm packages for it (ml-logistic-regression and the
 * like) train without L2 regularisation or sample weights and predict classes, not the
 * probabilities the decisions compare with their thresholds. Fitting is Newton's method
 * (iteratively reweighted least squares) on standardised features: a few dozen features and a few
 * thousand rows converge in a handful of iterations, deterministically.
 */

/** A fitted model: one weight per feature (on the raw feature scale) and an intercept. */
export interface LogisticModel {
  features: string[];
  weights: number[];
  intercept: number;
}

export type FeatureVector = Record<string, number>;

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** The model's probability for one row; a feature the row lacks counts as 0. */
export function predict(model: LogisticModel, x: FeatureVector): number {
  let z = model.intercept;
  for (let i = 0; i < model.features.length; i++) z += model.weights[i]! * (x[model.features[i]!] ?? 0);
  return sigmoid(z);
}

export interface TrainingRow {
  x: FeatureVector;
  y: 0 | 1;
  /** How much the row counts (1 by default): rows of one question can share a unit weight. */
  weight?: number;
}

export interface FitOptions {
  /** L2 penalty on the standardised weights (not on the intercept). */
  l2: number;
  iterations?: number;
  /**
   * The sign a feature's weight must have, where the direction is known: more of the question in
   * the evidence can only make an answer likelier, a failed check only less likely. A weight that
   * would cross its sign stays at zero (the fit is projected onto the allowed signs each step), so a
   * pattern of the questions fitted on cannot turn a sound signal around.
   */
  signs?: Record<string, 1 | -1>;
}

/** Weights (standardised; index 0 is the intercept when `offset` is 1) kept to their allowed signs. */
function project(beta: number[], features: string[], signs: FitOptions['signs'], offset: number): number[] {
  if (!signs) return beta;
  return beta.map((b, i) => {
    const sign = i < offset ? undefined : signs[features[i - offset]!];
    return sign && b * sign < 0 ? 0 : b;
  });
}

/** Fits the model by Newton's method; features are standardised inside and the weights mapped back. */
export function fitLogistic(features: string[], rows: TrainingRow[], options: FitOptions): LogisticModel {
  const n = features.length;
  if (!rows.length) return { features, weights: features.map(() => 0), intercept: 0 };
  const mean = features.map((f) =>
    average(
      rows.map((r) => r.x[f] ?? 0),
      rows,
    ),
  );
  const sd = features.map((f, j) => {
    const v = average(
      rows.map((r) => ((r.x[f] ?? 0) - mean[j]!) ** 2),
      rows,
    );
    return Math.sqrt(v) || 1;
  });
  const X = rows.map((r) => [1, ...features.map((f, j) => ((r.x[f] ?? 0) - mean[j]!) / sd[j]!)]);
  const w = rows.map((r) => r.weight ?? 1);
  let beta = new Array<number>(n + 1).fill(0);
  for (let iter = 0; iter < (options.iterations ?? 50); iter++) {
    const grad = new Array<number>(n + 1).fill(0);
    const hess = Array.from({ length: n + 1 }, () => new Array<number>(n + 1).fill(0));
    for (let i = 0; i < X.length; i++) {
      const xi = X[i]!;
      const p = sigmoid(dot(beta, xi));
      const r = w[i]! * (rows[i]!.y - p);
      const s = w[i]! * Math.max(p * (1 - p), 1e-9);
      for (let a = 0; a <= n; a++) {
        grad[a]! += r * xi[a]!;
        for (let b = a; b <= n; b++) hess[a]![b]! += s * xi[a]! * xi[b]!;
      }
    }
    for (let a = 1; a <= n; a++) {
      grad[a]! -= options.l2 * beta[a]!;
      hess[a]![a]! += options.l2;
    }
    for (let a = 0; a <= n; a++) for (let b = 0; b < a; b++) hess[a]![b] = hess[b]![a]!;
    const step = solve(hess, grad);
    const next = project(
      beta.map((b, i) => b + step[i]!),
      features,
      options.signs,
      1,
    );
    const moved = Math.max(...next.map((b, i) => Math.abs(b - beta[i]!)));
    beta = next;
    if (moved < 1e-7) break;
  }
  const weights = features.map((_, j) => beta[j + 1]! / sd[j]!);
  const intercept = beta[0]! - features.reduce((s, _, j) => s + (beta[j + 1]! * mean[j]!) / sd[j]!, 0);
  return { features, weights: weights.map(round), intercept: round(intercept) };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

function average(values: number[], rows: TrainingRow[]): number {
  let s = 0;
  let n = 0;
  values.forEach((v, i) => {
    const w = rows[i]!.weight ?? 1;
    s += w * v;
    n += w;
  });
  return n ? s / n : 0;
}

function dot(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Solves A x = b by Gaussian elimination with partial pivoting (A is small and positive definite). */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const m = A.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    const d = m[c]![c]! || 1e-12;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / d;
      if (!f) continue;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / (row[i]! || 1e-12));
}

/** Rows that compete: one is to be chosen among them (the sentences of an article for one part). */
export interface ChoiceGroup {
  rows: FeatureVector[];
  /** The rows that are right choices (at least one). */
  chosen: boolean[];
  weight?: number;
}

/**
 * A conditional logit (softmax over each group's rows): weights that put the probability mass of
 * each group on its right rows. It fits what a ranking needs (which sentence of an article answers)
 * rather than how likely each sentence is in isolation; `calibrate` then maps its scores to
 * probabilities. Gradient ascent with backtracking on standardised features.
 */
export function fitConditional(features: string[], groups: ChoiceGroup[], options: FitOptions): number[] {
  const n = features.length;
  const all = groups.flatMap((g) => g.rows);
  if (!all.length) return features.map(() => 0);
  const mean = features.map((f) => all.reduce((s, x) => s + (x[f] ?? 0), 0) / all.length);
  const sd = features.map((f, j) => Math.sqrt(all.reduce((s, x) => s + ((x[f] ?? 0) - mean[j]!) ** 2, 0) / all.length) || 1);
  const X = groups.map((g) => g.rows.map((x) => features.map((f, j) => ((x[f] ?? 0) - mean[j]!) / sd[j]!)));
  const objective = (beta: number[]): { value: number; grad: number[] } => {
    let value = -0.5 * options.l2 * beta.reduce((s, b) => s + b * b, 0);
    const grad = beta.map((b) => -options.l2 * b);
    groups.forEach((g, gi) => {
      const rows = X[gi]!;
      const z = rows.map((x) => dot(beta, x));
      const max = Math.max(...z);
      const e = z.map((v) => Math.exp(v - max));
      const total = e.reduce((a, b) => a + b, 0);
      const pos = e.reduce((a, v, i) => a + (g.chosen[i] ? v : 0), 0);
      if (!pos) return;
      const w = g.weight ?? 1;
      value += w * Math.log(pos / total);
      for (let i = 0; i < rows.length; i++) {
        const coef = (g.chosen[i] ? e[i]! / pos : 0) - e[i]! / total;
        if (!coef) continue;
        for (let j = 0; j < n; j++) grad[j]! += w * coef * rows[i]![j]!;
      }
    });
    return { value, grad };
  };
  let beta = new Array<number>(n).fill(0);
  let current = objective(beta);
  let step = 1;
  for (let iter = 0; iter < (options.iterations ?? 300); iter++) {
    const norm = Math.sqrt(current.grad.reduce((s, g) => s + g * g, 0));
    if (norm < 1e-6) break;
    const towards = (size: number) =>
      project(
        beta.map((b, j) => b + (size * current.grad[j]!) / norm),
        features,
        options.signs,
        0,
      );
    let next = towards(step);
    let tried = objective(next);
    while (tried.value < current.value && step > 1e-6) {
      step /= 2;
      next = towards(step);
      tried = objective(next);
    }
    if (tried.value < current.value) break;
    beta = next;
    current = tried;
    step *= 1.5;
  }
  return beta.map((b, j) => round(b / sd[j]!));
}

/**
 * Platt scaling: the slope and intercept that turn a model's linear scores into probabilities
 * (fitted by logistic regression on the one score), so a ranking model's scores can be compared
 * with thresholds.
 */
export function calibrate(features: string[], weights: number[], rows: TrainingRow[], l2: number): LogisticModel {
  const scored = rows.map((r) => ({ ...r, x: { z: features.reduce((s, f, j) => s + weights[j]! * (r.x[f] ?? 0), 0) } }));
  const platt = fitLogistic(['z'], scored, { l2 });
  const a = platt.weights[0]!;
  return { features, weights: weights.map((w) => round(w * a)), intercept: platt.intercept };
}
