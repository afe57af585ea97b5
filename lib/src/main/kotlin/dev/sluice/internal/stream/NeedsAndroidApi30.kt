package dev.sluice.internal.stream

/**
 * Marks code that uses `java.util.concurrent.Flow` (Android API 30): the publisher view and its
 * subscription. lib/pom.xml tells animal-sniffer to skip what carries it in the Android API 24
 * check; everything else must stay within API 24.
 */
@Retention(AnnotationRetention.BINARY)
@Target(AnnotationTarget.CLASS, AnnotationTarget.FUNCTION, AnnotationTarget.CONSTRUCTOR)
public annotation class NeedsAndroidApi30
