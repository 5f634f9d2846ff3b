// The layer above ops, for the fixture.
#pragma once
