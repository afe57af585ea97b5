package dev.sluice.internal.text;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class that uses an API newer than Android API 24 and is only used after a check that it
 * loads and works: lib/pom.xml tells animal-sniffer to skip what carries it.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@interface NeedsAndroidApi33 {}
