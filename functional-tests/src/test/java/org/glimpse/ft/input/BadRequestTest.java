package org.glimpse.ft.input;

/** Input no database can store as sent, refused on H2. */
class BadRequestTest extends BadRequestSuite {}
