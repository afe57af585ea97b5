package dev.sluice.internal.text;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Eight bytes of an array read as one little-endian long, for {@link LineBreaks}: through a static
 * view handle, so no object is made per read (a {@code ByteBuffer} wrapper per read cost 56 bytes
 * whenever the JIT did not inline the search and could not take it apart).
 */
final class Words {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Words() {
    }

    static long get(byte[] b, int index) {
        return (long) LONGS.get(b, index);
    }
}
