package org.tinyvit.search;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tinyvit.TinyVitException;

/**
 * A parameter and MAC budget, met when each figure, rounded to the digits the budget was written
 * with, is at most the budget: "5M" admits up to 5,499,999 parameters and "1.3G" up to
 * 1,349,999,999 MACs. That is how the paper names its models (TinyViT-5M has 5.39M
 * parameters and 1.26G MACs), so the presets lie within their own budgets.
 *
 * @param label the parameter budget as written, e.g. {@code 5M}
 * @param maxParams the largest admitted parameter count
 * @param macsLabel the MAC budget as written, e.g. {@code 1.3G}
 * @param maxMacs the largest admitted MAC count
 */
public record Budget(String label, long maxParams, String macsLabel, long maxMacs) {
    /** The paper's family, largest first: what a search contracts through by default. */
    public static final String DEFAULT_LABELS = "21M,11M,5M";
    /** The MAC budgets of the published models of the default budgets (TinyViT-21M, 11M, 5M at 224 px). */
    private static final Map<String, String> DEFAULT_MACS = Map.of("21M", "4.3G", "11M", "2.0G", "5M", "1.3G");

    /** The default budgets: 21M / 4.3G, 11M / 2.0G, 5M / 1.3G. */
    public static List<Budget> defaults() {
        return parse(List.of(DEFAULT_LABELS.split(",")), List.of());
    }

    /**
     * Budgets from their labels; {@code macs} holds one MAC budget per parameter budget, or is
     * empty to take each default budget's published MAC figure.
     */
    public static List<Budget> parse(List<String> params, List<String> macs) {
        if (!macs.isEmpty() && macs.size() != params.size()) {
            throw new TinyVitException("MAC budgets need one value per parameter budget: " + params.size() + " budgets, " + macs.size()
                    + " MAC budgets");
        }
        List<Budget> out = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            String label = params.get(i).trim();
            String mac = !macs.isEmpty() ? macs.get(i) : DEFAULT_MACS.get(label.toUpperCase(Locale.ROOT));
            if (mac == null) {
                throw new TinyVitException("budget " + label + " has no default MAC budget (only " + DEFAULT_LABELS + " have); name one");
            }
            out.add(of(label, mac));
        }
        return out;
    }

    public static Budget of(String params, String macs) {
        return new Budget(params.trim(), limit(params, "parameter"), macs.trim(), limit(macs, "MAC"));
    }

    public boolean admits(long params, long macs) {
        return params <= maxParams && macs <= maxMacs;
    }

    /** How far over budget a cost is: the larger of the two ratios to the limits (≤ 1 within). */
    public double load(long params, long macs) {
        return Math.max((double) params / maxParams, (double) macs / maxMacs);
    }

    /** The largest count that rounds to at most {@code text} (e.g. "21M", "4.3G", "5000000"). */
    static long limit(String text, String what) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("K")) {
            unit = 1_000L;
        } else if (t.endsWith("M")) {
            unit = 1_000_000L;
        } else if (t.endsWith("G")) {
            unit = 1_000_000_000L;
        }
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        BigDecimal value;
        try {
            value = new BigDecimal(digits);
        } catch (NumberFormatException e) {
            throw new TinyVitException("bad " + what + " budget '" + text + "' (expected e.g. 5M, 1.3G or 5000000)");
        }
        if (value.signum() <= 0) {
            throw new TinyVitException(what + " budget must be positive, got '" + text + "'");
        }
        BigDecimal halfDigit = BigDecimal.ONE.movePointLeft(Math.max(value.scale(), 0)).divide(BigDecimal.valueOf(2));
        BigDecimal bound = value.add(halfDigit).multiply(BigDecimal.valueOf(unit));
        long max = bound.setScale(0, java.math.RoundingMode.CEILING).longValueExact() - 1;
        return max;
    }

    @Override
    public String toString() {
        return label + " params / " + macsLabel + " MACs";
    }
}
