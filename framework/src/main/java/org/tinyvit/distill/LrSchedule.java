package org.tinyvit.distill;

/** Linear warm-up to the base rate, then cosine decay to {@code minFraction} of it. */
public record LrSchedule(float base, int warmupSteps, int totalSteps, float minFraction) {
    public static LrSchedule cosine(float base, int totalSteps, int stepsPerEpoch) {
        int warmup = Math.min(stepsPerEpoch, Math.max(1, totalSteps / 10));
        return new LrSchedule(base, warmup, totalSteps, 0.01f);
    }

    public float at(int step) {
        if (step < warmupSteps) {
            return base * (step + 1) / warmupSteps;
        }
        double progress = (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
        double min = base * minFraction;
        return (float) (min + 0.5 * (base - min) * (1 + Math.cos(Math.PI * Math.min(1, progress))));
    }
}
