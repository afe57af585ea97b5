/**
 * Server-Sent Events: decoding, writing and reconnection state.
 *
 * <p>Null-marked (JSpecify): a type without {@code @Nullable} is never null. The Kotlin classes in
 * this package say the same through Kotlin's own nullability metadata.
 */
@NullMarked
package dev.sluice.sse;

import org.jspecify.annotations.NullMarked;
