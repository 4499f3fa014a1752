package org.glimpse.ft.badinput;

/** The bad-input suite on H2. */
class BadInputTest extends BadInputSuite {}
