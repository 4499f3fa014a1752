package org.glimpse.core.metadef;

/**
 * A property definition of a namespace: its name and its JSON schema fragment (title, type, enum,
 * limits …) as a JSON object text, without the name.
 */
public record MetadefProperty(String name, String schemaJson) {}
