"""Accuracy of the comparator against the gold labels, beside a plain keyword baseline.

Run from the repository root:

    .venv/bin/python benchmarks/accuracy.py                      # every label file, each and pooled
    .venv/bin/python benchmarks/accuracy.py --group development  # the texts the rules were built on
    .venv/bin/python benchmarks/accuracy.py --group held-out     # the texts kept closed while building
    .venv/bin/python benchmarks/accuracy.py --labels reviews.csv --texts DIR   # any labels
    .venv/bin/python benchmarks/accuracy.py --probe dev          # our blind-labelled probe texts
    .venv/bin/python benchmarks/accuracy.py --json               # machine-readable

By default the labels are the three files of ``../shared/eval`` (``labels.csv``,
``labels_extra.csv``, ``labels_statutes.csv``) and the texts are read from
``../shared/corpus/texts`` and ``../shared/corpus/statutes``; ``--labels`` and ``--texts``
may each be given several times. Each label file is measured alone and then pooled.
Both the comparator (``compare.score.score_text`` with the project checklist) and the
baseline write predictions in the ``billtracker score --format json`` shape to a
temporary file, and ``../shared/eval/evaluate.py`` (imported from its path) measures each.

``--group held-out`` keeps only the texts that were kept closed while the comparator's
reading of law was rebuilt (issue 13): the New York City and Missouri texts of
``labels_extra.csv`` and two statutes (``HELD_OUT`` below); ``--group development``
keeps the rest. Measure the held-out group rarely: each look at it spends its value.

``--probe dev`` (or ``closed``) measures our own probe set instead
(``tests/fixtures/probe/<kind>/``): texts written for the purpose in the drafting styles of
other states, cities and codes, labelled blind by independent annotators who never saw the
comparator, each kind against the issue's targets for texts outside the shared labels
(``PROBE_TARGETS``). Its dev half was read while building; its closed half was not.

The keyword baseline labels an item ``full`` when any of its ``keywords`` from
``data/checklist.yml`` occurs in the text (case-insensitive), with the sentence
around the first occurrence, verbatim, as evidence; otherwise ``absent``.

A reliability table follows: for each band of the comparator's confidence, the number
of labels and the share that agree with gold (three-way). Labels at confidence 0.8 or
more should be right at least 95% of the time.

Exit status 1 when the pooled comparator misses a target or is not strictly above the
baseline on any metric (presence precision, recall and F1, accuracy, kappa, evidence
validity and hit rate; an evidence_valid tie at 1.0 is fine).
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from billtracker.analysis.scoring import scorecard_dict  # noqa: E402
from billtracker.config import load_checklist  # noqa: E402
from billtracker.text.extract import read_text  # noqa: E402
from compare.score import score_text  # noqa: E402

SHARED = ROOT / ".." / "shared"  # ../shared from the repository root
EVAL_DIR = SHARED / "eval"
LABELS = EVAL_DIR / "labels.csv"
ALL_LABELS = [LABELS, EVAL_DIR / "labels_extra.csv", EVAL_DIR / "labels_statutes.csv"]
TEXTS = SHARED / "corpus" / "texts"
ALL_TEXTS = [TEXTS, SHARED / "corpus" / "statutes"]
EVALUATE = EVAL_DIR / "evaluate.py"

TARGETS = {
    "presence_f1": 0.95,
    "kappa": 0.95,
    "accuracy": 0.90,
    "evidence_valid": 1.0,
    "evidence_hit": 0.90,
}
RELIABLE = 0.8  # labels at this confidence or more ...
RELIABLE_SHARE = 0.95  # ... should be right this often
BANDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
# kept closed while the reading of law was rebuilt (issue 13); see the module docstring
# Our own probe set (tests/fixtures/probe): texts written and labelled blind by independent
# annotators, in kinds the issue sets targets for (presence F1, kappa); "dev" was read while
# building, "closed" is measured rarely.
PROBE = ROOT / "tests" / "fixtures" / "probe"
PROBE_TARGETS = {
    "bills": (0.90, 0.88),  # bills that limit cooperation, of other states
    "local": (0.90, 0.88),  # ordinances, policies, executive orders, budget riders
    "other": (0.80, 0.80),  # immigration bills that mostly enact none of the items
    "other2": (0.80, 0.80),
    "other3": (0.80, 0.80),
    "bills3": (0.90, 0.88),  # amending bills: deleted matter in each state's convention
    "older": (0.90, 0.88),  # bills and ordinances of 2010-2019, both directions
    "mixed": (0.90, 0.88),  # texts of mixed or subtle direction
    "other4": (0.80, 0.80),  # texts full of the checklist's words that enact little
    "pdf": (0.90, 0.88),  # bills as a PDF extraction prints them (line numbers, page heads)
    # written at the end of session 4 and measured once, blind (closed halves only)
    "blind_bills": (0.90, 0.88),  # bills and codified laws, both directions
    "blind_local": (0.90, 0.88),  # ordinances, policies, an order, a resolution, mixed laws
    "blind_other": (0.80, 0.80),  # texts that enact little
    # written in session 5 and measured once, blind, before any rule was fitted to them
    "blind2_bills": (0.90, 0.88),  # bills of nine more states, both directions and amending
    "blind2_codes": (0.85, 0.85),  # codified laws of nine more states, both directions
    "blind2_other": (0.80, 0.80),  # immigration bills that enact little
    # written at the end of session 5 and measured once, blind, on 70a7e25
    "blind3_bills": (0.90, 0.88),  # bills of eight more states, both directions and amending
    "blind3_codes": (0.85, 0.85),  # codified laws of eight more states, both directions
    "blind3_other": (0.80, 0.80),  # immigration bills and acts that enact little
    # written at the very end of session 5 and measured once, blind, on 24e5963
    "blind4_other_a": (0.80, 0.80),  # texts that enact little (OR, MN, NJ, GA, IL, CO)
    "blind4_other_b": (0.80, 0.80),  # texts that enact little (MD, King County, VA, NY, TX, FL)
    # written at the start of session 6 and measured once, blind, on 047cd99
    "blind5_codes": (0.85, 0.85),  # codified laws of eight more states (ORS, CGS, NRS, NMSA, ...)
    "blind5_other_a": (0.80, 0.80),  # state texts that enact little (plate readers, student data)
    "blind5_other_b": (0.80, 0.80),  # local texts that enact little (resolutions, jail, cameras)
    # written in session 6 and measured once, blind, on 26840fd
    "blind6_bills": (0.90, 0.88),  # bills of eight more states (NM, MD, NH, TX, GA, OK, NV, UT)
    "blind6_local": (0.90, 0.88),  # ordinances, orders, police and library policies, a resolution
    "blind6_other": (0.80, 0.80),  # state texts that enact little (AZ, HI, KY, MD, ME, MI, UT, WI)
    # written in session 6 and measured once, blind, on 04e17bd
    "blind7_bills": (0.90, 0.88),  # bills of eight more states (NC, LA, AK, KY, TN, MO, IN, MS)
    "blind7_local": (0.90, 0.88),  # county codes, a trust ordinance, a sheriff's directive, ...
    "blind7_other": (0.80, 0.80),  # texts that enact little (state crimes, Guard, voter rolls)
    # written in session 6 and measured once, blind, on e94c665
    "blind8_codes": (0.85, 0.85),  # codified laws of eight more states (R.I., C.R.S., AS, ...)
    "blind8_local": (0.90, 0.88),  # a city code chapter, a county resolution, police manuals, ...
    "blind8_mixed": (0.90, 0.88),  # texts of mixed or subtle direction (hollowed, weakened, mixed)
    # written in session 6 and measured once, blind, on 3dfec3f
    "blind9_bills": (0.90, 0.88),  # bills and codes of DC, NE, Guam, OH, AR, ND, SC, FL
    "blind9_local": (0.90, 0.88),  # county and city codes, an order, a jail SOP, transit, library
    "blind9_other": (0.80, 0.80),  # texts that enact little (juvenile records, extradition, DNA)
    # written at the end of session 6 and measured once, blind, on 6646a90
    "blind10_bills": (0.90, 0.88),  # bills and codes in eight section layouts (NM, PR, CO, ...)
    "blind10_local": (0.90, 0.88),  # ordinances, a general order, a regulation, an order, ...
    "blind10_other": (0.80, 0.80),  # texts that enact little (treaty transfers, 911, LEDS)
    # the last round of session 6, measured once, blind, on 261736a
    "blind11_bills": (0.90, 0.88),  # bills in eight amending conventions (NY, WA, MA, OR, CA, ...)
    "blind11_codes": (0.85, 0.85),  # codes in eight printed layouts (AK, Guam, Wilmington, DC, ...)
    "blind11_local": (0.90, 0.88),  # a jail, a sheriff, an ordinance, a school board, a health dept
    # the first round of session 7, measured once, blind, on 33b6207
    "blind12_bills": (0.90, 0.88),  # bills of NJ, PA, CO, IL, MN, TN, GA, IN (both directions)
    "blind12_local": (0.90, 0.88),  # ordinances, a general order, resolutions, school, hospital
    "blind12_mixed": (0.90, 0.88),  # compromise texts: carve-outs, exceptions, mixed direction
    "blind12_other": (0.80, 0.80),  # texts that enact little (notarios, body cameras, E-Verify)
    # the second round of session 7, measured once, blind, on 15a1609
    "blind13_bills": (0.90, 0.88),  # bills of WI, MD, MO, HI, TX, NM, UT, RI (both directions)
    "blind13_codes": (0.85, 0.85),  # V.S.A., HRS, M.R.S., MCL, K.S.A., Tex. C.C.P., O.C.G.A., Utah
    "blind13_local": (0.90, 0.88),  # an ordinance, a police manual, an order, school, college, ...
    "blind13_other": (0.80, 0.80),  # texts that enact little (grants, language access, NCIC, ...)
    # the last round of session 7, measured once, blind, on 7402f68
    "blind14_bills": (0.90, 0.88),  # bills of AK, DE, MT, NH, VT, IA, KY, VA (both directions)
    "blind14_codes": (0.85, 0.85),  # C.G.S., N.J.S.A., C.R.S., ILCS, IC, La. R.S., Miss., KRS
    "blind14_local": (0.90, 0.88),  # a city code, resolutions, police, library, hospital, transit
    "blind14_other": (0.80, 0.80),  # texts that enact little (commission, interpreters, firearms)
    # the closing round of session 7, measured once, blind, on d57edb9
    "blind15_bills": (0.90, 0.88),  # bills of WA, NY, IL, CO, MA, TX, NC, MD (both directions)
    "blind15_codes": (0.85, 0.85),  # L.P.R.A., NRS, ORS, D.C. Code, T.C.A., Okla. Stat., GCA, ...
    "blind15_local": (0.90, 0.88),  # police, jail, city code, sheriff 287(g), school, university
    "blind15_other": (0.80, 0.80),  # texts that enact little (resettlement, ballots, body cameras)
    # the very last round of session 7, measured once, blind, on dabb8c8
    "blind16_bills": (0.90, 0.88),  # bills of RI, WI, HI, ME, MI, TN, OH, UT (both directions)
    "blind16_codes": (0.85, 0.85),  # Minn. Stat., RCW, Wis. Stat., N.Y. Correction Law, ...
    "blind16_local": (0.90, 0.88),  # a city code, a jail SOP, police, school, municipal ID, ...
    "blind16_other": (0.80, 0.80),  # texts that enact little (criminal detainers, data inventories)
    "blind17_local_a": (
        0.90,
        0.88,
    ),  # Oakland, Boston, Jersey City, Houston ISD, Frederick, Atlanta
    "blind17_local_b": (0.90, 0.88),  # Minneapolis, Boulder County, Newark, LA County DHS, ...
    "blind17_local_c": (0.90, 0.88),  # the same brief as local_a, by a second annotator
    "blind17_local_d": (0.90, 0.88),  # the same brief as local_b, by a second annotator
    "blind17_other_a": (0.80, 0.80),  # CO, OR, TX, FL, ID, GA texts that enact little
    "blind17_other_b": (0.80, 0.80),  # VA, WA, NJ, IL, LA, HI privacy and policing texts
    # session 9's round, measured once, blind, on 7f0fe44
    "blind18_codes": (0.85, 0.85),  # C.G.S., V.S.A., IC, N.J.S.A., T.C.A., ORS, Utah Code
    "blind18_local": (0.90, 0.88),  # Portland ME, Travis County jail, school, hospital, ...
    "blind18_other_a": (0.80, 0.80),  # MN, NV, KY, NM, MD, AZ, VT texts that enact little
    "blind18_other_b": (0.80, 0.80),  # local texts that enact little (surveillance, ID, budget)
    # session 9's second round, measured once, blind, on 83055b5
    "blind19_bills": (0.90, 0.88),  # NV, MI, GA, NM, MA, MO, CT bills (both directions)
    "blind19_local": (0.90, 0.88),  # Philadelphia, Montgomery County, Hennepin jail, LAUSD, ...
    "blind19_other_a": (0.80, 0.80),  # WI, PA, OK, CO, NC, IA, WA texts that enact little
    "blind19_other_b": (0.80, 0.80),  # local texts that enact little (privacy, plate readers, ...)
    # session 9's third round, measured once, blind, on d7946c0
    "blind20_codes": (0.85, 0.85),  # Cal. Gov. Code, ILCS, RSMo, Md. Code, RCW, S.C. Code, ...
    "blind20_local_a": (0.90, 0.88),  # Chicago, Ithaca, Dallas County jail, UC, D.C., ...
    "blind20_local_b": (0.90, 0.88),  # NYC schools, San Diego County, Nashville, Boston, ...
    "blind20_other": (0.80, 0.80),  # TX, NJ, CO, OR, MI, LA, VT texts that enact little
    # session 9's last round, measured once, blind, on 2278a51
    "blind21_bills": (0.90, 0.88),  # OR, PA, TX, RI, WI, HI, WA bills (both directions)
    "blind21_local_a": (0.90, 0.88),  # Santa Ana, Prince William, Worcester, Denver schools, ...
    "blind21_local_b": (0.90, 0.88),  # Salt Lake City police, Cook County, Orange County, ...
    "blind21_other": (0.80, 0.80),  # MD, AZ, MN, NYC, GA, IL, Denver texts that enact little
    # session 10's first round, measured once, blind, on 7fe43f7
    "blind22_codes": (0.85, 0.85),  # 25 M.R.S.A., Del. C., L.P.R.A., Miss., Idaho, MCA, NDCC
    "blind22_local_a": (0.90, 0.88),  # Albuquerque, Milwaukee County, Newark police, ...
    "blind22_local_b": (0.90, 0.88),  # Providence, Albuquerque ID, Washtenaw, Rutgers, ...
    "blind22_other": (0.80, 0.80),  # ND, ME, NH, WY, AK, AR, WV texts that enact little
    # session 10's second round, measured once, blind, on a5fa2ef
    "blind23_bills": (0.90, 0.88),  # NJ, CO, CT, MD, NC, KY, NM bills (both directions)
    "blind23_local_a": (0.90, 0.88),  # Baltimore, Multnomah, Santa Cruz police, a jail, ...
    "blind23_local_b": (0.90, 0.88),  # Wyandotte County, a transit police, a 287(g) sheriff, ...
    "blind23_other": (0.80, 0.80),  # OK, NE, AL, LA, DE, IN, SC texts that enact little
    # session 10's third round, measured once, blind, on 5acdad3
    "blind24_local_a": (0.90, 0.88),  # Fairfax County, Philadelphia police, a jail, Lansing, ...
    "blind24_local_b": (0.90, 0.88),  # Las Cruces, Syracuse, Franklin County sheriff, Medford, ...
    "blind24_local_c": (0.90, 0.88),  # Columbia MO, Philadelphia, a probation department, ...
    "blind24_other": (0.80, 0.80),  # WV, MI, VA, UT, ID, ND, PA texts that enact little
    # session 10's fourth round, measured once, blind, on 732a012
    "blind25_codes": (0.85, 0.85),  # RCW, C.R.S., C.G.S., T.C.A., N.C.G.S., Utah Code, Va. Code
    "blind25_local_a": (0.90, 0.88),  # Douglas County KS, Santa Fe, a campus police, a jail, ...
    "blind25_local_b": (0.90, 0.88),  # Milwaukee, Cuyahoga County, a 287(g) sheriff, Nashville, ...
    "blind25_other": (0.80, 0.80),  # TN, IA, KY, NE, NH, WV, KS texts that enact little
    # session 10's fifth round, measured once, blind, on c876a14
    "blind26_bills": (0.90, 0.88),  # NY, RI, OR, CA, WA, MO, GA bills (both directions)
    "blind26_local_a": (0.90, 0.88),  # Salinas schools, a Texas sheriff, a transit guideline, ...
    "blind26_local_b": (0.90, 0.88),  # a Maine town, a New Mexico county, a Tennessee jail, ...
    "blind26_other": (0.80, 0.80),  # NJ, AZ, PA, VA, TN, MI, CO texts that enact little
    # session 10's last round, measured once, blind, on 44a9dd2
    "blind27_codes": (0.85, 0.85),  # ORS, ILCS, V.S.A., Fla. Stat., O.C.G.A., A.R.S., KRS
    "blind27_local_a": (0.90, 0.88),  # Evanston, Amherst, Prince George's, Dane County jail, ...
    "blind27_local_b": (0.90, 0.88),  # Marion County FL, Montgomery County, Washtenaw sheriff, ...
    "blind27_other": (0.80, 0.80),  # DE, PA, NJ, Miami-Dade, TN, Kansas City, GA texts
    # session 11's round, measured once, blind, on 4c55f04
    "blind28_bills": (0.90, 0.88),  # CO, MN, NM, IL, CT, TN, AZ bills (both directions)
    "blind28_local_a": (0.90, 0.88),  # Pittsburgh, Minneapolis, Denver, King County, ...
    "blind28_local_b": (
        0.90,
        0.88,
    ),  # a NJ township, a Utah county, a MA city, a TX police order, ...
    "blind28_other": (0.80, 0.80),  # NJ, Denver, MI, Dona Ana, PA, MA, IA texts that enact little
    # session 12's rounds, each measured once, blind (see the session note)
    "blind29_codes": (0.85, 0.85),  # Minn., NRS, R.I., KRS, Ohio, Wyo., Miss. codes
    "blind29_local_a": (0.90, 0.88),  # Kalamazoo, Dona Ana, Eau Claire, a school, library, ...
    "blind29_local_b": (0.90, 0.88),  # King County, Las Cruces, Pawtucket, Richmond, ...
    "blind29_other": (0.80, 0.80),  # IL, OR, NJ, MA, GA, MD, PA texts that enact little
    "blind30_bills": (0.90, 0.88),  # OR, HI, PA, CO, TX, OH, KS bills in their own markup
    "blind30_codes": (0.85, 0.85),  # Haw., Conn., N.J., Okla., La., Ga., D.C. codes
    "blind30_local": (0.90, 0.88),  # Athens-Clarke, Lane CC, Travis PDO, Allegheny, ...
    "blind30_other": (0.80, 0.80),  # MI, NJ, CT, VT, WA, Dona Ana, GA texts
    "blind31_bills": (0.90, 0.88),  # NJ, MI, MN, VA, GA, AZ, DE bills in their own markup
    "blind31_codes": (0.85, 0.85),  # Vt., Me., Wis., Tenn., N.C., Mont., Utah codes
    "blind31_local": (0.90, 0.88),  # Dona Ana, Floyd County, Salem-Keizer, UW System, ...
    "blind31_other": (0.80, 0.80),  # IL, NJ, MN, TN, OR, Dane County, NM texts
    "blind32_bills": (0.90, 0.88),  # NV, RI, ME, WI, UT, NH, AL bills in their own markup
    "blind32_local": (
        0.90,
        0.88,
    ),  # Washtenaw sheriff, Baltimore, Grady, Madison schools, TriMet, ...
    "blind32_other_b": (0.80, 0.80),  # Tucson, Montgomery County, El Paso, Dayton, Durham, ...
    "blind33_bills": (0.90, 0.88),  # MN, PA, HI, MI, AZ, ME, WI bills in their own markup
    "blind33_codes": (0.85, 0.85),  # Ohio R.C., Md. Code, M.G.L., T.C.A., Okla. Stat., C.G.S., NRS
    "blind33_local": (0.90, 0.88),  # King County, Providence, Ann Arbor, Santa Fe, Montgomery, ...
    "blind33_other_a": (0.80, 0.80),  # CO, TN, PA, OR, FL, OH, NV texts that enact little
    "blind33_other_b": (0.80, 0.80),  # Grand Rapids, King County, NM, Lakewood, OR, NV, TN
    "blind34_bills": (0.90, 0.88),  # IL, WA, MD, CO, GA, OR, VA bills in their own markup
    "blind34_codes": (0.85, 0.85),  # C.R.S., RCW, NMSA, Tex. Gov't Code, La. R.S., ILCS, ORS
    "blind34_local": (0.90, 0.88),  # Denver, Philadelphia, CPS, Dane County, Prince George's, ...
    "blind34_other_a": (0.80, 0.80),  # NJ, MN, AZ, VT, KS, MI, NM texts that enact little
    "blind34_other_b": (0.80, 0.80),  # Salem, Lansing, Spokane, Providence, Washoe, St Paul, ACHA
    "blind35_bills": (0.90, 0.88),  # NY, CA, NJ, CT, NH, DE, HI bills in their own markup
    "blind35_codes": (0.85, 0.85),  # M.G.L., Minn. Stat., R.I. Gen. Laws, KRS, Utah, Me., HRS
    "blind35_local": (0.90, 0.88),  # San Francisco, Boston, Cook County Health, Milwaukee, ...
    "blind35_other_a": (0.80, 0.80),  # WA, MD, CT, IL, NY, TX, MA texts that enact little
    "blind35_other_b": (0.80, 0.80),  # Round Rock, Dona Ana, Dane, Lincoln, Allentown, ...
    "blind36_bills": (0.90, 0.88),  # MA, VA, NV, KS, VT, AK, OH bills in their own markup
    "blind36_codes": (0.85, 0.85),  # ORS, ILCS, N.Y. Exec. Law, Cal. Gov. Code, Ala., IC, SDCL
    "blind36_local": (0.90, 0.88),  # Tacoma, Columbus, Pittsburgh schools, Hillsborough, ...
    "blind36_other_a": (0.80, 0.80),  # SC, ID, MT, LA, NH, DE, KY texts that enact little
    "blind36_other_b": (0.80, 0.80),  # Omaha, Boise, Fresno County, Anchorage, Little Rock, ...
    "blind37_bills": (0.90, 0.88),  # PA, NE, IA, NC, WV, IN, WY bills in their own markup
    "blind37_codes": (0.85, 0.85),  # D.C. Code, M.G.L., RCW, Wis. Stat., Iowa Code, SDCL, NDCC
    "blind37_local": (0.90, 0.88),  # Tempe, Santa Rosa County jail, Bridgeport schools, ...
    "blind37_mixed": (0.90, 0.88),  # hollow exceptions, savings, one-agency rules, a substitute
    "blind37_other_a": (0.80, 0.80),  # WV, SD, RI, MS, AR, NE, AL texts that enact little
    "blind37_other_b": (0.80, 0.80),  # Asheville, Chelsea police, Ramsey County jail, Greeley, ...
    "blind38_bills": (0.90, 0.88),  # DE, MO, KY, NH, AK, OK, RI bills in their own markup
    "blind38_codes": (0.85, 0.85),  # N.J.S.A., C.G.S., ORS, Md. Code, Tex. Gov't Code, T.C.A., Ala.
    "blind38_local": (0.90, 0.88),  # Bellingham, Coconino sheriff, Iowa City schools, Ventura, ...
    "blind38_mixed": (
        0.90,
        0.88,
    ),  # hedged ordinance, rescinding order, carve-out bill, budget riders
    "blind38_other_a": (0.80, 0.80),  # WV, SC, KY, NH, HI, ID, AK texts that enact little
    "blind38_other_b": (
        0.80,
        0.80,
    ),  # Chattanooga police, Larimer jail, Des Moines schools, Oak Park, ...
    "blind39_bills": (0.90, 0.88),  # NY, IL, WA, CT, MN, AZ, MD bills in their own markup
    "blind39_codes": (0.85, 0.85),  # Del. C., Va. Code, M.G.L., NRS, Fla. Stat., Idaho Code, Okla.
    "blind39_local": (0.90, 0.88),  # Olmsted County, Athens police, Hidalgo jail, Poudre schools
    "blind39_mixed": (
        0.90,
        0.88,
    ),  # police-excluded ordinance, trust act with notices, 287(g) ended
    "blind39_other_a": (0.80, 0.80),  # CT, IN, MI, MN, NJ, ME, CO texts that enact little
    "blind39_other_b": (0.80, 0.80),  # Lexington police, Polk jail, Maricopa court, Elgin schools
    "blind40_bills": (0.90, 0.88),  # NV, UT, PA, VA, OK, DE, VT bills in their own markup
    "blind40_codes": (0.85, 0.85),  # NMSA, C.R.S., Me. Rev. Stat., Minn. Stat., Tex. CCP, MCA, OCGA
    "blind40_local": (0.90, 0.88),  # Stamford, Dutchess jail, Laramie schools, Sarasota Memorial
    "blind40_mixed": (
        0.90,
        0.88,
    ),  # defined-term ban, arrested-for carve-outs, an ICE jail contract
    "blind40_other_a": (0.80, 0.80),  # MT, AL, NE, WV, ND, ID, DE texts that enact little
    "blind40_other_b": (
        0.80,
        0.80,
    ),  # Lowell police, Charleston jail phones, Wichita schools, SEPTA
    "blind41_bills": (0.90, 0.88),  # OR, ME, MA, WI, NE, OH, ID bills in their own markup
    "blind41_codes": (0.85, 0.85),  # RCW, Md. Code, V.S.A., R.I. Gen. Laws, Fla. Stat., IC, Utah
    "blind41_local": (0.90, 0.88),  # Salinas, Thurston County, Collier jail, Framingham schools
    "blind41_mixed": (0.90, 0.88),  # savings-heavy ordinance, exempting mandate, notifying jail
    "blind41_other_a": (0.80, 0.80),  # MD, MN, MI, CT, NJ, ND, NV texts that enact little
    "blind41_other_b": (0.80, 0.80),  # Roanoke police, Penobscot jail, Duluth schools, Cincinnati
    "blind42_bills": (0.90, 0.88),  # CO, NJ, CT, WA, PA, MO, MD bills in their own markup
    "blind42_local": (0.90, 0.88),  # Corvallis, Marin County, Whatcom jail, Gadsden schools, ...
    "blind42_other": (0.80, 0.80),  # NH, HI, Dayton, Washoe jail, Madison police, Akron schools
    "blind43_bills": (0.90, 0.88),  # NM, LA, KS, AR, ND, IA, SC bills in their own markup
    "blind43_codes": (0.85, 0.85),  # HRS, KRS, Neb. Rev. Stat., RSA, Wyo. Stat., IC, O.C.G.A.
    "blind43_local": (0.90, 0.88),  # Aurora, Sacramento police, Bernalillo jail, Beaverton schools
    "blind43_mixed": (0.90, 0.88),  # a 287(g) order with limits, a charter repeal, hollow bylaws
    "blind43_other_a": (0.80, 0.80),  # OR, VA, MO, UT, WI, RI, CO texts that enact little
    "blind43_other_b": (0.80, 0.80),  # Tulsa police, Kent jail, Fort Collins, Albuquerque schools
    "blind44_bills": (0.90, 0.88),  # HI, MI, KY, MT, DE, VT, WI bills in their own markup
    "blind44_codes": (0.85, 0.85),  # ORS, N.J.S.A., ILCS, A.R.S., RSMo, Miss. Code, Utah Code
    "blind44_local": (0.90, 0.88),  # Seattle, Minneapolis police, Travis jail, Denver schools
    "blind44_mixed": (0.90, 0.88),  # TN, Yavapai IGSA, NM, Chesterfield, Schuylkill, Albany OR
    "blind44_other_a": (0.80, 0.80),  # MD, MN, GA, CT, NV, WA, OH texts that enact little
    "blind44_other_b": (0.80, 0.80),  # Boise police, Multnomah jail, Austin, Columbus schools
    "blind45_bills": (0.90, 0.88),  # MA, PA, MN, NM, NE, ME, CO bills in their own markup
    "blind45_codes": (
        0.85,
        0.85,
    ),  # Tex. Gov't Code, Iowa Code, SDCL, Cal. Gov. Code, N.J.S.A., Okla. Stat., C.G.S.
    "blind45_local": (
        0.90,
        0.88,
    ),  # Oakland, Washington County jail, SLC schools, UI Health, Ann Arbor
    "blind45_mixed": (
        0.90,
        0.88,
    ),  # AZ, VA, Paulding County 287(g), KY, Isabella sheriff, NH, Kyle TX
    "blind45_other_a": (0.80, 0.80),  # AL, KS, ID, VT, RI, SC, NC texts that enact little
    "blind45_other_b": (
        0.80,
        0.80,
    ),  # Tucson police, Louisville jail, Madison, Omaha schools, Houston
    "blind46_bills": (0.90, 0.88),  # RI, OR, WA, IL, DE, HI, NV bills in their own markup
    "blind46_codes": (0.85, 0.85),  # O.C.G.A., N.C.G.S., T.C.A., RCW, Md. Code, M.G.L., RSMo
    "blind46_local": (0.90, 0.88),  # King County, Skokie, Boulder jail, Portland schools, SCVMC
    "blind46_mixed": (0.90, 0.88),  # FL, IN, OH, Spartanburg, Dauphin prison, Loveland, NM
    "blind46_other_a": (0.80, 0.80),  # MT, WY, NE, LA, MS, KY, NH texts that enact little
    "blind46_other_b": (0.80, 0.80),  # SLC drones, Maricopa jail, Kansas City, U of Arizona
    "blind47_bills": (0.90, 0.88),  # NY, CA, CT, VT, MD, MI, WI bills in their own markup
    "blind47_codes": (0.85, 0.85),  # Ala. Code, A.C.A., K.S.A., C.R.S., ORS, Minn. Stat., HRS
    "blind47_local": (0.90, 0.88),  # Somerville, LA County, Dane jail, Minneapolis schools, SEPTA
    "blind47_mixed": (0.90, 0.88),  # TX, TN, IA, St. Mary Parish, Coweta sheriff, NV, Taylorsville
    "blind47_other_a": (0.80, 0.80),  # AZ, UT, OK, IN, OH, WV, SD texts that enact little
    "blind47_other_b": (0.80, 0.80),  # Albuquerque police, Clark County jail, San Diego, Grady
    "blind48_bills": (0.90, 0.88),  # NJ, AZ, OH, GA, KY, MN, VA bills in their own markup
    "blind48_codes": (
        0.85,
        0.85,
    ),  # Va. Code, Wis. Stat., N.H. RSA, MCA, Neb. Rev. Stat., La. R.S., Del. C.
    "blind48_local": (
        0.90,
        0.88,
    ),  # Chula Vista, Hartford police, Marion jail, TUSD, Parkland, Boulder
    "blind48_mixed": (
        0.90,
        0.88,
    ),  # FL, Orangeburg, UT, Franklin prison, MO, Gorham, Twin Falls 287(g)
    "blind48_other_a": (0.80, 0.80),  # NY, CA, IL, WA, MA, NJ, CO texts that enact little
    "blind48_other_b": (
        0.80,
        0.80,
    ),  # Spokane police, Louisville jail, Tempe library, Portland schools
    "blind49_bills": (0.90, 0.88),  # PA, NM, NV, RI, IA, SC, TX bills in their own markup
    "blind49_codes": (0.85, 0.85),  # Md. Code, ORS, ILCS, Miss. Code, K.S.A., O.C.G.A., C.G.S.
    "blind49_local": (
        0.90,
        0.88,
    ),  # Long Beach, Alameda jail, San Antonio police, Rochester schools
    "blind49_mixed": (
        0.90,
        0.88,
    ),  # OK, Wilson County 287(g), Flagstaff, WI, Rowan jail, IN, Nye County
    "blind49_other_a": (0.80, 0.80),  # OR, MD, CT, MN, VA, MI, HI texts that enact little
    "blind49_other_b": (
        0.80,
        0.80,
    ),  # Tulsa ALPR, Dane jail, Boise library, Fort Worth schools, Cook clerk
    "blind50_bills": (0.90, 0.88),  # MA, CO, WI, ME, DE, NC, HI bills in their own markup
    "blind50_codes": (
        0.85,
        0.85,
    ),  # N.J.S.A., RCW, Tex. Code Crim. Proc., Utah Code, A.R.S., Minn., SDCL
    "blind50_local": (0.90, 0.88),  # Worcester, Ramsey jail, Houston police, Fresno schools, UNMH
    "blind50_mixed": (
        0.90,
        0.88,
    ),  # GA, KS, Broomfield, Terrebonne sheriff, Rockingham 287(g), Plymouth
    "blind50_other_a": (0.80, 0.80),  # IL, GA, PA, WA, NM, KY, VT texts that enact little
    "blind50_other_b": (
        0.80,
        0.80,
    ),  # Mesa police, Summit jail, Milwaukee library, OKC schools, MTS
    "blind51_bills": (0.90, 0.88),  # MI, OR, CT, RI, NY, IL, UT bills in their own markup
    "blind51_local": (0.90, 0.88),  # Providence, Santa Clara jail, Tacoma police, Austin ISD, Metro
    "blind51_other": (
        0.80,
        0.80,
    ),  # MD, CO, NJ, Phoenix police, Multnomah jail, Minneapolis, Denver 311
    "blind52_bills": (0.90, 0.88),  # WA, MD, VT, NH, AK, MO, IN bills in their own markup
    "blind52_codes": (0.85, 0.85),  # TN, IN, OK, ND, VT, HI, AK annotated codes
    "blind52_local": (0.90, 0.88),  # Providence, Dane Co., Pima sheriff, APS, AADL, El Paso, SEPTA
    "blind52_mixed": (0.90, 0.88),  # NM order, NJ jail rule, WA AG, PA court, USM, CO DMV, IL labor
    "blind52_other_a": (0.80, 0.80),  # E-Verify, tuition, licences, notarios, grants, U visas, AJR
    "blind52_other_b": (0.80, 0.80),  # privacy, ALPR, brokers, student data, surveillance, records
    "blind53_bills": (0.90, 0.88),  # KY, SC, LA, WI, MT, NE, NH bills in their own markup
    "blind53_codes": (0.85, 0.85),  # MO, SC, KY, MA, CT, NM, DC annotated codes
    "blind53_local": (0.90, 0.88),  # Minneapolis, Multnomah, Tarrant SO, schools, NYC H+H, DHA, CPD
    "blind53_other": (
        0.80,
        0.80,
    ),  # new Americans, health data, interpreters, tolls, U visas, budget
    "blind54_mixed": (0.90, 0.88),  # PA, NV, AZ, OR, IL, FL, VA texts of mixed direction
    "blind54_codes": (0.85, 0.85),  # IA, TX, WY, ME, HI, WA, CO codes
    "blind54_local": (
        0.90,
        0.88,
    ),  # New Haven, Skagit SO, Duluth PL, Rio Hondo, Multnomah, Santa Fe
    "blind54_other": (0.80, 0.80),  # body cameras, jail release, enrolment, fare cards, 911, HUD
    "blind55_bills": (0.90, 0.88),  # VT, MD, PA, GA, OH, MI, AZ bills in their own markup
    "blind55_codes": (0.85, 0.85),  # TN, LA, OR, NJ, IL, RI, VT codes
    "blind55_local": (0.90, 0.88),  # Prince George's, Lancaster, Kane jail, Perth Amboy, Tucson
    "blind55_other": (0.80, 0.80),  # biometrics, IDs, tuition, drones, breaches, legal aid, sealing
    "blind56_bills": (0.90, 0.88),  # IL, NJ, CT, OR, WA, NM, MN bills in their own markup
    "blind56_mixed": (0.90, 0.88),  # KS, ID, UT, DE, NH, MS, SC texts of mixed direction
    "blind56_local": (0.90, 0.88),  # Asheville, Salt Lake Co., Ithaca, UW-Madison, Durham, Lawrence
    "blind56_other": (0.80, 0.80),  # DMV schedule, court order, jail visits, notarios, UI data
    "blind57_codes": (0.85, 0.85),  # AL, AR, NC, NE, DE, MD, NH codes
    "blind57_other": (0.80, 0.80),  # refugees, public records, day labor, consular IDs, language
    "blind57_mixed": (0.90, 0.88),  # TX, FL, GA, IN, OK, MO, LA texts of mixed direction
    "blind57_local": (
        0.90,
        0.88,
    ),  # Tacoma, Evanston, Santa Ana jail, Boulder, Providence, Worcester
    "blind58_bills": (0.90, 0.88),  # HI, RI, ME, DE, IA, UT, AK bills in their own markup
    "blind58_codes": (0.85, 0.85),  # MS, MT, CA, CO, NY, WA codes
    "blind58_local": (
        0.90,
        0.88,
    ),  # Coconino SO, Burlington, Missoula PL, Bangor PD, Anchorage, Yakima
    "blind58_other": (
        0.80,
        0.80,
    ),  # trafficking, speed cameras, eviction counsel, rentals, Medicaid
    "blind59_bills": (0.90, 0.88),  # CA, NY, MA, NV, TX, PA, NC bills in their own markup
    "blind59_local": (0.90, 0.88),  # San Jose, Travis SO, Albuquerque PD, Dayton, Hartford ID
    "blind59_mixed": (0.90, 0.88),  # AZ, NV, NH, VA, MN, CO, WI texts of mixed direction
    "blind59_other": (0.80, 0.80),  # broker registry, jail health, ALPR, student DPA, E-Verify
    "blind86_bills": (0.90, 0.88),  # AK, AR, ID (weakening), NJ, OH, WI; LA (anti-sanctuary)
    "blind86_local": (0.90, 0.88),  # Madison, Buncombe SO (mandate), Fort Worth PD, Stamford
    "blind86_other_a": (0.80, 0.80),  # loans, resolution, advisory commission, interpreters
    "blind86_other_b": (0.80, 0.80),  # student privacy, probation records, CJIS pact, brokers
    "blind85_codes": (0.85, 0.85),  # NMSA, ORS, Md., Utah; RSMo, S.C. Code, La. R.S. (anti)
    "blind85_local": (0.90, 0.88),  # Multnomah clinic, Montgomery MD, Austin, Knoxville jail
    "blind85_mixed": (0.90, 0.88),  # GA, Hennepin MOU, MD, Chicago, AZ, WA, NC
    "blind85_other_b": (0.80, 0.80),  # biometrics, drones, juvenile records, telematics, library
    "blind84_bills": (0.90, 0.88),  # HI, ME, NV (repeal), OR (weakening), RI, VT; KY (anti)
    "blind84_codes": (0.85, 0.85),  # D.C. Code, C.G.S., Del. C., Neb.; KRS, N.C.G.S., W. Va. (anti)
    "blind84_mixed": (0.90, 0.88),  # CO, IL, MI directive, NM corrections, UT, UW System, Dane
    "blind84_other_a": (0.80, 0.80),  # task force, fee grants, farmworker housing, resolution
    "blind83_bills": (0.90, 0.88),  # CO, CT (weakening), DE, MA, MI, MO; TN (anti-sanctuary)
    "blind83_codes": (
        0.85,
        0.85,
    ),  # RCW, ILCS, HRS, Minn. Stat.; Okla. Stat., Ind. Code, MCA (anti)
    "blind83_local": (0.90, 0.88),  # Boulder, Hennepin, Harris jail (mandate), Providence PD
    "blind83_other_b": (0.80, 0.80),  # face recognition, address confidentiality, health data, 911
    "blind82_codes": (0.85, 0.85),  # M.G.L., V.S.A., M.R.S., N.J.S.A.; Ala., Miss., Iowa (anti)
    "blind82_local": (0.90, 0.88),  # Las Cruces, Salt Lake SO (287(g)), Worcester, Durham schools
    "blind82_mixed": (0.90, 0.88),  # NV, OR (weakening), CT, VA budget, PA, KS compact, King County
    "blind82_other_a": (
        0.80,
        0.80,
    ),  # new Americans, tuition, U visas, legal defense, driving cards
    "blind81_bills": (0.90, 0.88),  # MD, IL, WA (weakening), NM, MN; FL and GA (anti-sanctuary)
    "blind81_codes": (
        0.85,
        0.85,
    ),  # NRS, ORS, C.R.S., R.I.G.L.; Tex. Gov't Code, SDCL, A.R.S. (anti)
    "blind81_other_a": (0.80, 0.80),  # notario fraud, refugees, resolution, language access
    "blind81_other_b": (
        0.80,
        0.80,
    ),  # body cameras, clean slate, gang data, student data, HR checks
    "blind80_bills": (0.90, 0.88),  # WI, CO, RI, HI, GA (mixed), KS and SC (anti-sanctuary)
    "blind80_codes": (0.85, 0.85),  # RCW, ILCS, C.G.S., NMSA; T.C.A., La. R.S., N.D.C.C. (anti)
    "blind80_local": (0.90, 0.88),  # Portland, MPS, Santa Fe jail, Cambridge, Travis SO, PDPH
    "blind80_other_a": (0.80, 0.80),  # resolution, outreach, language access, budget, consular ID
    "blind79_local": (0.90, 0.88),  # Denver, St. Paul, Durham SO, APS, Milwaukee jail, Harris SO
    "blind79_mixed": (0.90, 0.88),  # bill, DOL rule, court order, budget, ICE MOU, ordinances
    "blind79_other_a": (0.80, 0.80),  # licences, legal aid fund, notarios, tuition, refugees, IDs
    "blind79_other_b": (0.80, 0.80),  # health data, monitoring, drones, genetic data, utilities
    "blind78_bills": (0.90, 0.88),  # PA, CT, MI, NV, VA (mixed), NC and AZ (anti-sanctuary)
    "blind78_codes": (0.85, 0.85),  # ORS, M.R.S., M.G.L., V.S.A.; IC, Miss. Code, Utah Code (anti)
    "blind78_other_a": (
        0.80,
        0.80,
    ),  # resolution, newcomer office, budget provisos, study commission
    "blind78_other_b": (
        0.80,
        0.80,
    ),  # student data, sealing, plate readers, brokers, registry, tenants
    "blind77_local": (0.90, 0.88),  # Newark, CPS, Pittsburgh, Tacoma, Fort Worth PD, LMDC, library
    "blind77_mixed": (0.90, 0.88),  # amended ordinance, provisos, MOU, court order, exec policy
    "blind77_other_a": (0.80, 0.80),  # gang database, kits, visitors, e-books, biometrics, ALPR
    "blind77_other_b": (0.80, 0.80),  # court observers, TPS, credentials, remittances, commission
    "blind76_bills": (0.90, 0.88),  # MN, CO, VA, MA limiting; MI mixed; TX, NC restrictive
    "blind76_codes": (0.85, 0.85),  # DC, MD, NJ, HI limiting; TX, MO, IN anti-sanctuary
    "blind76_other_a": (0.80, 0.80),  # drones, student records, gun permits, trip data
    "blind76_other_b": (0.80, 0.80),  # licences, fee waivers, grants, notario fraud, ESL
    "blind75_codes": (0.85, 0.85),  # CO, VT, MA, NM limiting; TN, IA, MT anti-sanctuary
    "blind75_mixed": (0.90, 0.88),  # partial repeals, hollowed rules, carve-outs, a memo
    "blind75_other_a": (0.80, 0.80),  # health data, telematics, voter lists, GPS, biometrics
    "blind75_other_b": (0.80, 0.80),  # tuition, licensing, immigrant office, defense fund
    "blind74_bills": (0.90, 0.88),  # CT, NJ, PA, ME limiting; UT mixed; GA, SC restrictive
    "blind74_local": (0.90, 0.88),  # city codes, police, jail, school board, Miami-Dade
    "blind74_other_a": (0.80, 0.80),  # genetic data, sealing, plate readers, meters, cameras
    "blind74_other_b": (0.80, 0.80),  # grants, naturalization, resolution, consular IDs
    "blind73_codes": (0.85, 0.85),  # RI, MA, NV, CT limiting; IN, MT, SC anti-sanctuary
    "blind73_mixed": (0.90, 0.88),  # eligibility exceptions, on-request notices, HSI task forces
    "blind73_other_a": (0.80, 0.80),  # benefit fraud matching, safe havens, drones, NICS, parking
    "blind73_other_b": (0.80, 0.80),  # small-business fund, resolution, foster care, surveys
    "blind72_bills": (0.90, 0.88),  # WI, MI, CO limiting; ME, KY mixed; LA, OH restrictive
    "blind72_local": (0.90, 0.88),  # county code, police, school, housing, jail, labor office
    "blind72_other_a": (0.80, 0.80),  # toll ALPR, camera footage, juvenile records, screening
    "blind72_other_b": (0.80, 0.80),  # translation, immigrant affairs office, credentials, DACA
    "blind71_local": (
        0.90,
        0.88,
    ),  # city order, jail SOP, library, college, police, health, FL county
    "blind71_mixed": (0.90, 0.88),  # partial repeals, serious-felony detainers, DMV data with NCIC
    "blind71_other_a": (
        0.80,
        0.80,
    ),  # utility records, rentals, booking photos, biometrics, oversight
    "blind71_other_b": (
        0.80,
        0.80,
    ),  # plea advisements, a detention-centre resolution, 911 language
    "blind70_bills": (0.90, 0.88),  # MN, MA, IL, NM limiting; NV mixed; PA, AZ restrictive
    "blind70_codes": (
        0.85,
        0.85,
    ),  # MD, DE, HI, Minneapolis limiting; GA, AR, Volusia anti-sanctuary
    "blind70_other_a": (
        0.80,
        0.80,
    ),  # reproductive data, gunshot sensors, student privacy, 311 data
    "blind70_other_b": (0.80, 0.80),  # refugee services, municipal ID, courts, custody, notarios
    "blind69_codes": (0.85, 0.85),  # CO, CT, NJ, IL limiting; TN, TX, IA anti-sanctuary
    "blind69_mixed": (
        0.90,
        0.88,
    ),  # hollowing exceptions, weakened sanctuary laws, a 287(g) approval
    "blind69_other_a": (
        0.80,
        0.80,
    ),  # criminal detainers, drones, address confidentiality, genetics
    "blind69_other_b": (
        0.80,
        0.80,
    ),  # tuition, notario fraud, driving cards, child health, wage theft
    "blind68_bills": (0.90, 0.88),  # CT, MD, RI, VT limiting; HI mixed; GA, OK restrictive
    "blind68_local": (
        0.90,
        0.88,
    ),  # county code, sheriff order, EO, school, hospital, transit, TX city
    "blind68_other_a": (
        0.80,
        0.80,
    ),  # health data, jail records, ALPR, school visitors, data brokers
    "blind68_other_b": (0.80, 0.80),  # new Americans office, resolution, legal services, licensing
    "blind67_bills": (0.90, 0.88),  # TX, GA, NC, KY, LA, MI, CT bills in their own markup
    "blind67_codes": (0.85, 0.85),  # MA, IL, MN, Philadelphia limiting; MS, NC, AL anti-sanctuary
    "blind67_other_a": (0.80, 0.80),  # cell-site simulators, wildlife sanctuary, towing, surveys
    "blind67_other_b": (0.80, 0.80),  # business grants, welcoming resolution, licensing, jail IDs
    "blind66_local": (0.90, 0.88),  # Sonoma, Olympia PD, Ann Arbor, Natividad, Grand Rapids PL
    "blind66_mixed": (0.90, 0.88),  # MN, Mohave SO, Louisville, UT, Elkhart County, MA EO, NY
    "blind66_other_a": (0.80, 0.80),  # genetic genealogy, gunshot detection, jail mail, truancy
    "blind66_other_b": (0.80, 0.80),  # study bill, defense fund, consular IDs, school voting
    "blind65_bills": (0.90, 0.88),  # WA, OR, RI, VT, DE, HI, MD bills in their own markup
    "blind65_codes": (0.85, 0.85),  # Tacoma, Denver, NV, HI limiting; LA, WV, KS anti-sanctuary
    "blind65_other_a": (0.80, 0.80),  # FRT, defender advisement, curfew, 911 records
    "blind65_other_b": (0.80, 0.80),  # resolution, proclamation, hotline, board eligibility
    "blind64_local": (0.90, 0.88),  # Worcester, LVMPD, Ithaca, Charlottesville DSS, KCPD
    "blind64_mixed": (0.90, 0.88),  # TX, FL, Carrboro, Athens-Clarke SO, OR EO, NJ, Lehigh
    "blind64_other_a": (0.80, 0.80),  # data warehouse, guards, probation, court records
    "blind64_other_b": (0.80, 0.80),  # licensing, raid resolution, Medicaid, day labor
    "blind63_bills": (0.90, 0.88),  # NJ, CO, CT, IL, MN, ME, NM bills in their own markup
    "blind63_codes": (0.85, 0.85),  # VT, NJ, MD limiting; IA, SC, MT anti-sanctuary; DE data
    "blind63_local": (0.90, 0.88),  # Travis SO, Portland ID, Boulder PL, Wake Tech, Eugene PD
    "blind63_other": (0.80, 0.80),  # drones, jail reentry, procurement, rentals, sealing
    "blind62_local": (0.90, 0.88),  # Dane County, Providence PD, Pima jail, Santa Fe, Salem
    "blind62_mixed": (0.90, 0.88),  # NV, Madison, Ingham SO, PA, VA, AZ EO, WA
    "blind62_other_a": (0.80, 0.80),  # toll ALPR, oversight board, jail visits, enrollment
    "blind62_other_b": (0.80, 0.80),  # tuition, DACA coverage, notarios, AG opinion, SEVIS
    "blind61_bills": (0.90, 0.88),  # PA, MI, NV, VA, WI, AZ, MA bills in their own markup
    "blind61_codes": (0.85, 0.85),  # WA, OR, IL, CO limiting; TX, FL, GA anti-sanctuary
    "blind61_other_a": (0.80, 0.80),  # courts, jail, vital records, body cameras, SNAP/SAVE
    "blind61_other_b": (0.80, 0.80),  # memorial, grant fund, language access, E-Verify
    "blind60_local": (0.90, 0.88),  # Lowell, Bernalillo jail, Ann Arbor, LMH, Buncombe, Tucson
    "blind60_mixed": (0.90, 0.88),  # MN, TX, Las Cruces, Mesa SO, MD, IL EO, Linn County
    "blind60_other_a": (0.80, 0.80),  # new Americans office, tenant screening, visa policy
    "blind60_other_b": (0.80, 0.80),  # records retention, consular notice, U visas, wage theft
    "codes": (0.85, 0.85),  # codified laws of other states
    "codes2": (0.85, 0.85),
}
HELD_OUT_PREFIXES = {"labels_extra.csv": ("NYC_", "MO_")}
HELD_OUT_DOCS = {
    "SD_Restriction-on-Enforcement-of-Immigration-Law-Prohibited_Code23-3-74",
    "VA_Immigration-Status-Inquiry-Victims-Witnesses_Code19.2-11.02",
}
METRICS = (
    "presence_precision",
    "presence_recall",
    "presence_f1",
    "accuracy",
    "kappa",
    "evidence_valid",
    "evidence_hit",
)
GATED = METRICS  # the comparator must beat the baseline on every one
_SENTENCE_BREAK = re.compile(r"[.;:](?=\s)|\n[ \t]*\n")


def load_evaluator():
    """Import ../shared/eval/evaluate.py as a module, from its path."""
    spec = importlib.util.spec_from_file_location("shared_evaluate", EVALUATE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def held_out(doc: str, labels: Path) -> bool:
    """True for a text of the held-out group (see the module docstring)."""
    return doc in HELD_OUT_DOCS or doc.startswith(HELD_OUT_PREFIXES.get(labels.name, ("\0",)))


def label_rows(labels: Path, group: str = "all") -> list[dict]:
    """The rows of one label file, kept by group: all, development or held-out."""
    with open(labels, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if group == "all":
        return rows
    return [r for r in rows if held_out(r["doc"].strip(), labels) == (group == "held-out")]


def find_text(doc: str, texts: list[Path]) -> Path:
    """The file of a labelled document in the first text folder that has it."""
    for folder in texts:
        path = folder / f"{doc}.txt"
        if path.exists():
            return path
    raise FileNotFoundError(f"no text for {doc!r} in {', '.join(map(str, texts))}")


def gold_labels(rows: list[dict]) -> dict[str, dict[str, str]]:
    """doc -> item -> gold label."""
    gold: dict[str, dict[str, str]] = {}
    for row in rows:
        gold.setdefault(row["doc"].strip(), {})[row["item"].strip()] = row["label"].strip()
    return gold


def sentence_around(text: str, pos: int, length: int) -> tuple[int, int]:
    """Offsets of the sentence holding text[pos:pos+length] (breaks at . ; : or a blank line)."""
    start = 0
    for m in _SENTENCE_BREAK.finditer(text, max(0, pos - 2000), pos):
        start = m.end()
    m = _SENTENCE_BREAK.search(text, pos + length)
    end = m.end() if m else len(text)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def keyword_baseline(text: str, checklist, source: str) -> dict:
    """One prediction object: an item is full when any of its keywords occurs in the text."""
    lowered = text.lower()
    items = []
    for item in checklist.items:
        hits = [(lowered.find(k), k) for k in item.keywords if k and k in lowered]
        if not hits:
            items.append({"id": item.id, "label": "absent", "evidence": []})
            continue
        pos, keyword = min(hits)
        start, end = sentence_around(text, pos, len(keyword))
        quote = text[start:end]
        items.append(
            {"id": item.id, "label": "full", "evidence": [{"section": "", "quote": quote}]}
        )
    return {"source": source, "items": items}


def per_doc_agreement(predictions: list[dict], gold: dict[str, dict[str, str]]) -> dict[str, float]:
    """Share of a document's labelled items whose predicted label equals the gold label."""
    out = {}
    for obj in predictions:
        doc = Path(obj["source"]).name.removesuffix(".txt")
        labels = {it["id"]: it["label"] for it in obj["items"]}
        items = gold.get(doc, {})
        if items:
            agree = sum(labels.get(i, "absent") == g for i, g in items.items())
            out[doc] = round(agree / len(items), 4)
    return out


def evaluate(evaluator, predictions: list[dict], rows: list[dict], texts: list[Path]) -> dict:
    """Measure predictions against label rows with evaluate.py (through temporary files)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "predictions.json"
        path.write_text(json.dumps(predictions), encoding="utf-8")
        labels = Path(tmp) / "labels.csv"
        with open(labels, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        return evaluator.evaluate(
            evaluator.load_labels(labels), evaluator.load_predictions(path), texts
        )


def reliability(predictions: list[dict], gold: dict[str, dict[str, str]]) -> list[dict]:
    """Per confidence band: how many labels, and the share that agree with gold."""
    counts = [[0, 0] for _ in BANDS[:-1]]
    for obj in predictions:
        doc = Path(obj["source"]).name.removesuffix(".txt")
        for item in obj["items"]:
            want = gold.get(doc, {}).get(item["id"])
            if want is None:
                continue
            band = next(i for i in range(len(BANDS) - 1) if item["confidence"] < BANDS[i + 1])
            counts[band][0] += 1
            counts[band][1] += item["label"] == want
    return [
        {
            "band": f"{BANDS[i]:.1f}-{min(BANDS[i + 1], 1.0):.1f}",
            "low": BANDS[i],
            "labels": n,
            "right": round(right / n, 4) if n else None,
        }
        for i, (n, right) in enumerate(counts)
    ]


def reliable_share(table: list[dict]) -> float | None:
    """The share right among labels at confidence RELIABLE or more."""
    n = sum(row["labels"] for row in table if row["low"] >= RELIABLE)
    right = sum(row["labels"] * (row["right"] or 0) for row in table if row["low"] >= RELIABLE)
    return round(right / n, 4) if n else None


def verdicts(
    comparator: dict, baseline: dict, table: list[dict], targets: dict | None = None
) -> list[str]:
    """Every failed target or baseline comparison, as a sentence (empty when all pass)."""
    failures = []
    for metric, target in (targets or TARGETS).items():
        if comparator[metric] < target:
            failures.append(f"{metric} {comparator[metric]} is below the target {target}")
    for metric in GATED:
        c, b = comparator[metric], baseline[metric]
        tie_ok = metric == "evidence_valid" and c == b == 1.0
        if c <= b and not tie_ok:
            failures.append(f"{metric} {c} is not above the keyword baseline's {b}")
    share = reliable_share(table)
    if share is not None and share < RELIABLE_SHARE:
        failures.append(
            f"labels at confidence >= {RELIABLE} are right {share:.1%} of the time "
            f"(target {RELIABLE_SHARE:.0%})"
        )
    return failures


def run(labels: list[Path] | None = None, texts: list[Path] | None = None, group: str = "all"):
    """Score every labelled text with the comparator and the baseline; evaluate both, for
    each label file and pooled."""
    labels = labels or ALL_LABELS
    texts = texts or ALL_TEXTS
    checklist = load_checklist()
    evaluator = load_evaluator()
    per_file = {path: label_rows(path, group) for path in labels}
    per_file = {path: rows for path, rows in per_file.items() if rows}
    if not per_file:
        raise SystemExit(f"no labels in group {group!r}")
    docs = sorted({r["doc"].strip() for rows in per_file.values() for r in rows})
    comparator_preds, baseline_preds = {}, {}
    for doc in docs:
        path = find_text(doc, texts)
        text = read_text(path)
        comparator_preds[doc] = scorecard_dict(score_text(text, checklist), str(path))
        baseline_preds[doc] = keyword_baseline(text, checklist, str(path))
    results = {}
    pooled_rows = [r for rows in per_file.values() for r in rows]
    names = [path.name for path in per_file]
    sets = {
        (path.name if names.count(path.name) == 1 else f"{path.parent.name}/{path.name}"): rows
        for path, rows in per_file.items()
    }
    if len(sets) > 1:
        sets["pooled"] = pooled_rows
    for name, rows in sets.items():
        wanted = sorted({r["doc"].strip() for r in rows})
        comp = [comparator_preds[d] for d in wanted]
        base = [baseline_preds[d] for d in wanted]
        gold = gold_labels(rows)
        comparator = evaluate(evaluator, comp, rows, texts)
        baseline = evaluate(evaluator, base, rows, texts)
        table = reliability(comp, gold)
        results[name] = {
            "docs": len(wanted),
            "pairs": comparator["pairs"],
            "comparator": comparator,
            "baseline": baseline,
            "reliability": table,
            "reliable_share": reliable_share(table),
            "per_doc": {
                "comparator": per_doc_agreement(comp, gold),
                "baseline": per_doc_agreement(base, gold),
            },
            "targets": targets_for(name),
            "failures": verdicts(comparator, baseline, table, targets_for(name)),
        }
    if any(name.split("/")[0] in PROBE_TARGETS for name in results):  # each kind its own targets
        failures = [f"{n}: {f}" for n, r in results.items() if n != "pooled" for f in r["failures"]]
    else:
        failures = results["pooled" if "pooled" in results else next(iter(results))]["failures"]
    return {
        "checklist_version": checklist.version,
        "group": group,
        "targets": TARGETS,
        "sets": results,
        "directions": {d: comparator_preds[d]["direction"] for d in docs},
        "failures": failures,
    }


def targets_for(name: str) -> dict:
    """The targets of one label set: a probe kind's own (issue 13), else the shared ones."""
    kind = PROBE_TARGETS.get(name.split("/")[0])
    if kind is None:
        return TARGETS
    return dict(TARGETS, presence_f1=kind[0], kappa=kind[1], evidence_hit=0.0, accuracy=0.0)


def print_table(result: dict) -> None:
    print(f"Comparator accuracy, checklist {result['checklist_version']}, group {result['group']}")
    for name, r in result["sets"].items():
        c, b = r["comparator"], r["baseline"]
        print()
        print(f"== {name}: {r['docs']} texts, {r['pairs']} (doc, item) pairs")
        print(f"{'metric':20} {'comparator':>10} {'baseline':>10} {'target':>8}  result")
        for metric in METRICS:
            target = r.get("targets", TARGETS).get(metric) or None
            notes = []
            if target is not None:
                notes.append("meets target" if c[metric] >= target else "MISSES TARGET")
            if metric == "evidence_valid" and c[metric] == b[metric] == 1.0:
                notes.append("ties baseline at 1.0 (allowed)")
            else:
                notes.append("above baseline" if c[metric] > b[metric] else "NOT ABOVE BASELINE")
            shown = f">={target}" if target is not None else "-"
            print(f"{metric:20} {c[metric]:>10} {b[metric]:>10} {shown:>8}  {'; '.join(notes)}")
        print("reliability (comparator confidence band: labels, share right):")
        for row in r["reliability"]:
            right = "-" if row["right"] is None else f"{row['right']:.3f}"
            print(f"  {row['band']:9} {row['labels']:>6} {right:>7}")
        share = r["reliable_share"]
        if share is not None:
            print(f"  at >= {RELIABLE}: {share:.3f} right (target {RELIABLE_SHARE})")
    pooled = result["sets"].get("pooled") or next(iter(result["sets"].values()))
    print()
    print("Per-document agreement (share of items agreeing with gold) and direction:")
    print(f"{'document':58} {'comparator':>10} {'baseline':>9}  direction")
    for doc, share in pooled["per_doc"]["comparator"].items():
        base = pooled["per_doc"]["baseline"].get(doc, 0.0)
        print(f"{doc[:58]:58} {share:>10.3f} {base:>9.3f}  {result['directions'][doc]}")
    print()
    if result["failures"]:
        print("FAIL:")
        for failure in result["failures"]:
            print(f"  - {failure}")
    else:
        print("PASS: every target met and the comparator beats the keyword baseline.")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument(
        "--labels", type=Path, action="append", help="gold labels CSV (repeat; default: all three)"
    )
    ap.add_argument("--texts", type=Path, action="append", help="folder of labelled texts (repeat)")
    ap.add_argument(
        "--group",
        choices=["all", "development", "held-out"],
        default="all",
        help="which labelled texts: all, those the rules were built on, or the held-out ones",
    )
    ap.add_argument(
        "--probe",
        choices=["dev", "closed"],
        help="our own blind-labelled probe set (tests/fixtures/probe), its dev or closed half",
    )
    args = ap.parse_args(argv)
    labels, texts = args.labels, args.texts
    if args.probe:
        labels = sorted(PROBE.glob(f"*/labels_{args.probe}.csv"))
        texts = [path.parent / "texts" for path in labels]
    result = run(labels, texts, args.group)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_table(result)
    return 1 if result["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
