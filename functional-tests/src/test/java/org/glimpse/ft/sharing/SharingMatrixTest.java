package org.glimpse.ft.sharing;

/** The sharing matrix on H2. */
class SharingMatrixTest extends SharingMatrixSuite {}
