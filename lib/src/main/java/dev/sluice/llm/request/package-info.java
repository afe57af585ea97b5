/**
 * The provider-neutral LLM request model and provider configuration.
 *
 * <p>Null-marked (JSpecify): a type without {@code @Nullable} is never null. The Kotlin classes in
 * this package say the same through Kotlin's own nullability metadata.
 */
@NullMarked
package dev.sluice.llm.request;

import org.jspecify.annotations.NullMarked;
