package org.tinyvit.spark;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The class path of a worker JVM started from a Spark executor. An executor loads the
 * application's jars ({@code spark-submit --jars} and the application jar, fetched into its work
 * folder) through a class loader of its own, not from its {@code java.class.path}; so the worker
 * gets that loader's jars first, then the executor's own class path (where
 * {@code spark.executor.extraClassPath} and, in local mode, the whole application sit).
 */
final class ExecutorClassPath {
    private ExecutorClassPath() {}

    /** The jars and folders of {@code loader} and its parents below the system class loader, then {@code java.class.path}. */
    static String of(ClassLoader loader) {
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader l = loader; l != null && l != ClassLoader.getSystemClassLoader(); l = l.getParent()) {
            if (l instanceof URLClassLoader urls) {
                entries.addAll(files(urls.getURLs()));
            }
        }
        // as written, empty entries (the working folder) included
        entries.addAll(Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator, -1)));
        return String.join(File.pathSeparator, entries);
    }

    /** The local files among {@code urls}; a jar the executor would fetch over the network is not on its disk to give. */
    private static List<String> files(URL[] urls) {
        List<String> files = new ArrayList<>();
        for (URL url : urls) {
            if (url.getProtocol().equals("file")) {
                try {
                    files.add(Path.of(url.toURI()).toString());
                } catch (URISyntaxException | IllegalArgumentException e) {
                    files.add(url.getPath()); // a path with characters a URI does not allow: as written
                }
            }
        }
        return files;
    }
}
