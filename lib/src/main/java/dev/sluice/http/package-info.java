/**
 * Streaming HTTP: the client, requests, responses, retries and timeouts.
 *
 * <p>Null-marked (JSpecify): a type without {@code @Nullable} is never null. The Kotlin classes in
 * this package say the same through Kotlin's own nullability metadata.
 */
@NullMarked
package dev.sluice.http;

import org.jspecify.annotations.NullMarked;
