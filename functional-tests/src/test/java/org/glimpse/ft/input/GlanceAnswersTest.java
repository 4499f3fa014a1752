package org.glimpse.ft.input;

/** Glance's answers that involve the database, on H2. */
class GlanceAnswersTest extends GlanceAnswersSuite {}
