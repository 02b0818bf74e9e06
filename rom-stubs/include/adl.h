/* adl.h — the API the ROM's own code and the in-tree firmware are written against: the public
 * Open AT API (adl_global.h) plus q2686emu's extensions (q2686_ext.h). Applications outside
 * this repository include adl_global.h (docs/sdk.md). */
#ifndef Q2686_ADL_H
#define Q2686_ADL_H

#include "adl_global.h"
#include "q2686_ext.h"

#endif /* Q2686_ADL_H */
