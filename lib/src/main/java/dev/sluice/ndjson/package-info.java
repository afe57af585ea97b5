/**
 * Newline-delimited JSON decoding.
 *
 * <p>Null-marked (JSpecify): a type without {@code @Nullable} is never null. The Kotlin classes in
 * this package say the same through Kotlin's own nullability metadata.
 */
@NullMarked
package dev.sluice.ndjson;

import org.jspecify.annotations.NullMarked;
