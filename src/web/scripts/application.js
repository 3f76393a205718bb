// Selfdirect's own enhancements, on top of GOV.UK Frontend. Every page works without them.

// A plan line: choosing someone from the directory fills in their hourly rate when the cost is still empty.
const provider = document.getElementById('provider');
const cost = document.getElementById('unit_cost');
if (provider instanceof HTMLSelectElement && cost instanceof HTMLInputElement) {
  provider.addEventListener('change', () => {
    const rate = provider.selectedOptions[0]?.dataset.rate;
    if (rate && cost.value.trim() === '') cost.value = rate;
  });
}
