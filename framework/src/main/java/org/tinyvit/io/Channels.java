package org.tinyvit.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Positional reads that fill a buffer or fail. */
public final class Channels {
    private Channels() {}

    /** Fills {@code buffer} from {@code position}; an early end of file is an IOException. */
    public static void readFully(FileChannel ch, ByteBuffer buffer, long position) throws IOException {
        long pos = position;
        while (buffer.hasRemaining()) {
            int n = ch.read(buffer, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + pos);
            }
            pos += n;
        }
    }
}
