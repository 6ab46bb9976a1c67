// Test oracle only (never used at run time): classify ISNCSCI worksheets with the reference
// algorithm, Praxis's npm package isncsci (pinned in package-lock.json).
//
//   node oracle.js            one worksheet per stdin line (the `isncsci` object of spec section 4),
//                             one classification per stdout line (spec section 5), or {"error": ...}
//   node oracle.js --bench N  classify the stdin worksheets once to warm up, then N times in a loop; print
//                             {"worksheets": ..., "seconds": ...}: the classification alone, no I/O,
//                             in CPU seconds (user plus system) of the process
'use strict';

const { ISNCSCI } = require('isncsci');
const readline = require('readline');

const OBSERVATION = { yes: 'Yes', no: 'No', NT: 'NT' };

function referenceSide(side) {
  const converted = { motor: side.motor, lightTouch: side.light_touch, pinPrick: side.pin_prick };
  if (side.lowest_non_key_muscle !== undefined) {
    converted.lowestNonKeyMuscleWithMotorFunction = side.lowest_non_key_muscle;
  }
  return converted;
}

function referenceExam(worksheet) {
  return {
    right: referenceSide(worksheet.right),
    left: referenceSide(worksheet.left),
    voluntaryAnalContraction: OBSERVATION[worksheet.voluntary_anal_contraction],
    deepAnalPressure: OBSERVATION[worksheet.deep_anal_pressure],
  };
}

function sideTotals(totals) {
  return {
    upper_extremity_motor: totals.upperExtremity,
    lower_extremity_motor: totals.lowerExtremity,
    motor: totals.motor,
    light_touch: totals.lightTouch,
    pin_prick: totals.pinPrick,
  };
}

function classify(worksheet) {
  const { classification: c, totals: t } = new ISNCSCI(referenceExam(worksheet));
  return {
    sensory_level: { right: c.neurologicalLevels.sensoryRight, left: c.neurologicalLevels.sensoryLeft },
    motor_level: { right: c.neurologicalLevels.motorRight, left: c.neurologicalLevels.motorLeft },
    neurological_level_of_injury: c.neurologicalLevelOfInjury,
    injury_complete: c.injuryComplete,
    asia_impairment_scale: c.ASIAImpairmentScale,
    zone_of_partial_preservation: {
      sensory_right: c.zoneOfPartialPreservations.sensoryRight,
      sensory_left: c.zoneOfPartialPreservations.sensoryLeft,
      motor_right: c.zoneOfPartialPreservations.motorRight,
      motor_left: c.zoneOfPartialPreservations.motorLeft,
    },
    totals: {
      right: sideTotals(t.right),
      left: sideTotals(t.left),
      upper_extremity_motor: t.upperExtremity,
      lower_extremity_motor: t.lowerExtremity,
      light_touch: t.lightTouch,
      pin_prick: t.pinPrick,
    },
  };
}

async function main() {
  const benchIndex = process.argv.indexOf('--bench');
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  if (benchIndex < 0) {
    const out = [];
    for await (const line of lines) {
      if (!line.trim()) continue;
      let answer;
      try {
        answer = classify(JSON.parse(line));
      } catch (error) {
        answer = { error: String(error && error.message ? error.message : error) };
      }
      out.push(JSON.stringify(answer));
      if (out.length >= 1000) process.stdout.write(out.splice(0).join('\n') + '\n');
    }
    if (out.length) process.stdout.write(out.join('\n') + '\n');
    return;
  }
  const rounds = Number(process.argv[benchIndex + 1] || '1');
  const exams = [];
  for await (const line of lines) if (line.trim()) exams.push(referenceExam(JSON.parse(line)));
  let sink = 0;
  for (const exam of exams) sink += new ISNCSCI(exam).classification.ASIAImpairmentScale.length; // JIT warm-up
  const started = process.cpuUsage();
  for (let round = 0; round < rounds; round++) {
    for (const exam of exams) sink += new ISNCSCI(exam).classification.ASIAImpairmentScale.length;
  }
  const used = process.cpuUsage(started);
  const seconds = (used.user + used.system) / 1e6;
  process.stdout.write(JSON.stringify({ worksheets: exams.length * rounds, seconds, sink }) + '\n');
}

main();
