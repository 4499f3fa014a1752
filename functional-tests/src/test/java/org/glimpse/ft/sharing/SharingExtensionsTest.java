package org.glimpse.ft.sharing;

/** The sharing extensions on the server's own H2 database. */
class SharingExtensionsTest extends SharingExtensionsSuite {}
