# Jaga — berkas kebijakan organisasi (/etc/jaga/policy.toml), dalam bahasa Indonesia.
# Setiap kunci di sini juga harus ada di en/policy.ftl (diuji).

policy-problem = { $file }:{ $line }:{ $column }: error: { $key }: { $problem }
policy-problem-file = { $file }: error: { $problem }
policy-unknown-key = tidak ada pengaturan bernama “{ $key }” di sini; pengaturan yang boleh di sini: { $known }
policy-invalid = { $detail }
policy-idle-range = waktu diam harus bilangan bulat menit dari 0 (tidak pernah keluar otomatis) sampai { $max }
policy-lrs-key = kunci LRS tidak boleh kosong atau berisi karakter kendali
policy-path-absolute = tuliskan jalur lengkap, dimulai dari akar disk (misalnya /srv/jaga/course)
policy-writable = siapa pun di komputer ini dapat mengubah berkas ini, jadi Jaga tidak menganggapnya milik organisasi; izinkan hanya administrator yang mengubahnya (chmod 644)
policy-no-file = { $file }: berkas itu tidak ada
policy-valid = { $file }: kebijakan ini sah (menetapkan { $count } nilai).
policy-safe-defaults = Kebijakan organisasi bermasalah, jadi Jaga memakai pengaturan aman sampai diperbaiki: setiap profil wajib ber-PIN dan tombol Penulis disembunyikan. Beri tahu bagian TI Anda.
policy-set-by-org = Ditetapkan oleh organisasi Anda (di { $file }); tidak dapat diubah di sini.
policy-due-day = tuliskan tanggal sebagai tanggal TOML tanpa tanda kutip, misalnya 2027-01-31
policy-name-empty = nilai ini tidak boleh kosong atau berisi karakter kendali
policy-assignments-by-org = Organisasi Anda menetapkan jalur dan tenggat (di { $file }); semuanya ditampilkan di sini dan tidak dapat diubah di komputer ini.
