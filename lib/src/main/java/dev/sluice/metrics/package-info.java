/**
 * Per-stream metrics and their listener.
 *
 * <p>Null-marked (JSpecify): a type without {@code @Nullable} is never null. The Kotlin classes in
 * this package say the same through Kotlin's own nullability metadata.
 */
@NullMarked
package dev.sluice.metrics;

import org.jspecify.annotations.NullMarked;
