package dev.sluice.llm;

import org.jspecify.annotations.Nullable;
/**
 * Handles every kind of {@link LlmEvent} without casts: pass one to {@link LlmEvent#accept}.
 * Each method receives the event already typed.
 *
 * <p>The interface has one abstract method per kind and no defaults on purpose: when a kind is
 * added, every implementation stops compiling until it handles it, as Kotlin's {@code when} over
 * the sealed class does. To handle only a few kinds, extend {@link LlmEventVisitor.Default} and
 * override those.
 *
 * <pre>{@code
 * String text = event.accept(new LlmEventVisitor.Default<String>("") {
 *     public String textDelta(LlmEvent.TextDelta e) { return e.getText(); }
 * });
 * }</pre>
 *
 * @param <R> what each method returns ({@code Void} and {@code null} when nothing)
 */
public interface LlmEventVisitor<R extends @Nullable Object> {
    R streamStarted(LlmEvent.StreamStarted event);

    R textDelta(LlmEvent.TextDelta event);

    R reasoningDelta(LlmEvent.ReasoningDelta event);

    R reasoningSignature(LlmEvent.ReasoningSignature event);

    R refusalDelta(LlmEvent.RefusalDelta event);

    R toolCallStarted(LlmEvent.ToolCallStarted event);

    R toolCallArgumentsDelta(LlmEvent.ToolCallArgumentsDelta event);

    R toolCallCompleted(LlmEvent.ToolCallCompleted event);

    R usage(LlmEvent.Usage event);

    R finished(LlmEvent.Finished event);

    R streamCompleted(LlmEvent.StreamCompleted event);

    R unknown(LlmEvent.Unknown event);

    R providerEvent(LlmEvent.ProviderEvent event);

    /**
     * A visitor that returns a fixed value for every kind it does not override. It gives up the
     * compile-time check for new kinds: prefer {@link LlmEventVisitor} itself when every kind
     * matters.
     *
     * @param <R> what each method returns
     */
    abstract class Default<R extends @Nullable Object> implements LlmEventVisitor<R> {
        private final R otherwise;

        /** @param otherwise what the methods not overridden return ({@code null} allowed) */
        protected Default(R otherwise) {
            this.otherwise = otherwise;
        }

        /** Called by every method not overridden; returns the constructor's value. */
        protected R otherwise(LlmEvent event) {
            return otherwise;
        }

        @Override public R streamStarted(LlmEvent.StreamStarted event) { return otherwise(event); }
        @Override public R textDelta(LlmEvent.TextDelta event) { return otherwise(event); }
        @Override public R reasoningDelta(LlmEvent.ReasoningDelta event) { return otherwise(event); }
        @Override public R reasoningSignature(LlmEvent.ReasoningSignature event) { return otherwise(event); }
        @Override public R refusalDelta(LlmEvent.RefusalDelta event) { return otherwise(event); }
        @Override public R toolCallStarted(LlmEvent.ToolCallStarted event) { return otherwise(event); }
        @Override public R toolCallArgumentsDelta(LlmEvent.ToolCallArgumentsDelta event) { return otherwise(event); }
        @Override public R toolCallCompleted(LlmEvent.ToolCallCompleted event) { return otherwise(event); }
        @Override public R usage(LlmEvent.Usage event) { return otherwise(event); }
        @Override public R finished(LlmEvent.Finished event) { return otherwise(event); }
        @Override public R streamCompleted(LlmEvent.StreamCompleted event) { return otherwise(event); }
        @Override public R unknown(LlmEvent.Unknown event) { return otherwise(event); }
        @Override public R providerEvent(LlmEvent.ProviderEvent event) { return otherwise(event); }
    }
}
