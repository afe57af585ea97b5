/**
 * The Java views of a stream: Flow.Publisher, CompletableFuture, blocking iterator, callbacks.
 *
 * <p>Null-marked (JSpecify): a type without {@code @Nullable} is never null. The Kotlin classes in
 * this package say the same through Kotlin's own nullability metadata.
 */
@NullMarked
package dev.sluice.stream;

import org.jspecify.annotations.NullMarked;
