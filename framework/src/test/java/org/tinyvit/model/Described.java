package org.tinyvit.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the text of DJL's {@code Blocks.describe}: each block is a line {@code name(in) -> (out)},
 * or {@code name(in) {} … {@code } -> (out)} around its children, one tab deeper per level.
 */
public final class Described {
    private static final Pattern LEAF = Pattern.compile("(\\t*)([^\\t(]+)(\\([^)]*\\)) -> (\\([^)]*\\))");
    private static final Pattern OPEN = Pattern.compile("(\\t*)([^\\t(]+)(\\([^)]*\\)) \\{");
    private static final Pattern CLOSE = Pattern.compile("(\\t*)\\} -> (\\([^)]*\\))");

    private Described() {}

    /** "name (in) -> (out)" of every block {@code depth} levels below the root, in order. */
    public static List<String> blocksAt(String described, int depth) {
        List<String> found = new ArrayList<>();
        Deque<String> open = new ArrayDeque<>();
        for (String line : described.split("\n")) {
            Matcher leaf = LEAF.matcher(line);
            Matcher opening = OPEN.matcher(line);
            Matcher closing = CLOSE.matcher(line);
            if (leaf.matches()) {
                addAt(found, depth, leaf.group(1).length(), leaf.group(2) + " " + leaf.group(3) + " -> " + leaf.group(4));
            } else if (opening.matches()) {
                open.push(opening.group(2) + " " + opening.group(3));
            } else if (closing.matches()) {
                addAt(found, depth, closing.group(1).length(), open.pop() + " -> " + closing.group(2));
            } else {
                throw new AssertionError("not a line of Blocks.describe: " + line);
            }
        }
        return found;
    }

    private static void addAt(List<String> found, int depth, int lineDepth, String block) {
        if (lineDepth == depth) {
            found.add(block);
        }
    }
}
