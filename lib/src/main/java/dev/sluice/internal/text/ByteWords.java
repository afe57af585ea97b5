package dev.sluice.internal.text;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Eight bytes of an array read as one little-endian {@code long} through a {@link VarHandle}: one
 * load once compiled, and no object per array, where a {@code ByteBuffer} view costs 56 bytes for
 * every array a decoder is fed. {@code VarHandle} is Android API 33: {@link LineBreaks} checks that
 * this class works before it uses it (see {@link NeedsAndroidApi33}).
 */
@NeedsAndroidApi33
final class ByteWords {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private ByteWords() {}

    static long at(byte[] bytes, int index) {
        return (long) LONGS.get(bytes, index);
    }
}
