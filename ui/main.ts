document.getElementById('app')!.textContent = 'Agent Studio';
