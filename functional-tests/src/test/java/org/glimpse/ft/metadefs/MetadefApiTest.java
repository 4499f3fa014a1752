package org.glimpse.ft.metadefs;

/** The metadefs API on H2. */
class MetadefApiTest extends MetadefApiSuite {}
