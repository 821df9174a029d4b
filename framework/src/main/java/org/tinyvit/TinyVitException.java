package org.tinyvit;

/**
 * A mistake a user can fix (a bad file, an unknown preset, a wrong shape). The command line
 * prints its message as one line, without a stack trace.
 */
public class TinyVitException extends RuntimeException {
    public TinyVitException(String message) {
        super(message);
    }

    public TinyVitException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A problem with one file: the message starts with its path. */
    public static TinyVitException inFile(java.nio.file.Path file, String problem) {
        return new TinyVitException(file + ": " + problem);
    }
}
