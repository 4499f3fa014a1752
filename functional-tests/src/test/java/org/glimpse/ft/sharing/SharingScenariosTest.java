package org.glimpse.ft.sharing;

/** The sharing scenarios on H2. */
class SharingScenariosTest extends SharingScenariosSuite {}
